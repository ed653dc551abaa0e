package dev.palisade.bench;

import dev.palisade.PalisadeApplication;
import dev.palisade.identity.DeviceRegistry;
import dev.palisade.shared.TenantId;
import dev.palisade.storage.TenantTransactions;
import dev.palisade.support.FreePorts;
import dev.palisade.tenancy.ApiTokenId;
import dev.palisade.tenancy.Caller;
import dev.palisade.tenancy.OperatorId;
import dev.palisade.tenancy.Role;
import dev.palisade.tenancy.TenantDirectory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** Palisade started in this JVM on a throw-away data directory, with the embedded PostgreSQL. */
final class BenchServer implements AutoCloseable {

    final Path dataDir;
    final int devicePort = FreePorts.next();
    final int httpPort = FreePorts.next();
    final ConfigurableApplicationContext context;
    final TenantId tenant;
    final Caller admin;

    BenchServer() throws IOException {
        dataDir = Files.createTempDirectory("palisade-bench-");
        Map<String, String> properties = Map.of(
                "palisade.data-dir",
                dataDir.toString(),
                "palisade.api.port",
                Integer.toString(FreePorts.next()),
                "palisade.api.bind-address",
                "127.0.0.1",
                "palisade.device-api.port",
                Integer.toString(devicePort),
                "palisade.device-api.http-port",
                Integer.toString(httpPort),
                "palisade.device-api.bind-address",
                "127.0.0.1",
                "palisade.pki.public-base-url",
                "http://localhost:" + httpPort,
                "palisade.broker.enabled",
                "false",
                "logging.level.root",
                "WARN");
        // as command-line arguments, which outrank application.yml
        context = new SpringApplicationBuilder(PalisadeApplication.class)
                .run(properties.entrySet().stream()
                        .map(property -> "--" + property.getKey() + "=" + property.getValue())
                        .toArray(String[]::new));
        tenant = bean(TenantDirectory.class).platform().orElseThrow();
        // the benchmark acts in the platform tenant as an administrator that exists only for it
        admin = new Caller(
                tenant,
                true,
                new OperatorId(UUID.randomUUID()),
                "benchmark",
                new ApiTokenId(UUID.randomUUID()),
                Role.ADMIN,
                "benchmark-setup");
    }

    <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    /** Registers devices {@code prefix-0} … {@code prefix-(count-1)} in one transaction. */
    void registerDevices(String prefix, int count) {
        DeviceRegistry devices = bean(DeviceRegistry.class);
        bean(TenantTransactions.class).inTenant(tenant, () -> {
            for (int i = 0; i < count; i++) {
                devices.register(admin, prefix + "-" + i);
            }
        });
    }

    @Override
    public void close() throws IOException {
        context.close();
        try (Stream<Path> files = Files.walk(dataDir)) {
            files.sorted(Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        }
    }
}
