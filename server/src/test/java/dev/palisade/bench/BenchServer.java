package dev.palisade.bench;

import dev.palisade.PalisadeApplication;
import dev.palisade.audit.Actor;
import dev.palisade.identity.DeviceId;
import dev.palisade.identity.DeviceRegistry;
import dev.palisade.pki.CertificateIssuance;
import dev.palisade.pki.IssuedCertificate;
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
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Stream;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** Palisade started in this JVM with the embedded PostgreSQL, on a throw-away data directory unless told otherwise. */
final class BenchServer implements AutoCloseable {

    final Path dataDir;
    final int apiPort = FreePorts.next();
    final int devicePort = FreePorts.next();
    final int httpPort = FreePorts.next();
    final int mqttPort = FreePorts.next();
    final ConfigurableApplicationContext context;
    final TenantId tenant;
    final Caller admin;
    private final boolean throwAway;

    /** On a new data directory, deleted on close; without the MQTT broker. */
    BenchServer() throws IOException {
        this(Files.createTempDirectory("palisade-bench-"), true, Map.of("palisade.broker.enabled", "false"));
    }

    /**
     * @param throwAway whether to delete {@code dataDir} on close
     * @param settings more settings, or other values for those set here
     */
    BenchServer(Path dataDir, boolean throwAway, Map<String, String> settings) {
        this.dataDir = dataDir;
        this.throwAway = throwAway;
        Map<String, String> properties = new TreeMap<>(Map.of(
                "palisade.data-dir",
                dataDir.toString(),
                "palisade.api.port",
                Integer.toString(apiPort),
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
                "palisade.broker.port",
                Integer.toString(mqttPort),
                "palisade.broker.bind-address",
                "127.0.0.1",
                "logging.level.root",
                "WARN"));
        properties.putAll(settings);
        // as command-line arguments, which outrank application.yml
        context = new SpringApplicationBuilder(PalisadeApplication.class)
                .run(properties.entrySet().stream()
                        .map(property -> "--" + property.getKey() + "=" + property.getValue())
                        .toArray(String[]::new));
        tenant = bean(TenantDirectory.class).platform().orElseThrow();
        admin = administrator(tenant, true);
    }

    /** An administrator of {@code tenant} that exists only for the benchmark. */
    static Caller administrator(TenantId tenant, boolean platform) {
        return new Caller(
                tenant,
                platform,
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
        registerDevices(admin, prefix, 0, count, count);
    }

    /** Registers devices {@code prefix-from} … {@code prefix-(to-1)} in {@code caller}'s tenant, in batches. */
    void registerDevices(Caller caller, String prefix, int from, int to, int batch) {
        DeviceRegistry devices = bean(DeviceRegistry.class);
        for (int start = from; start < to; start += batch) {
            int first = start;
            int end = Math.min(to, start + batch);
            bean(TenantTransactions.class).inTenant(caller.tenant(), () -> {
                for (int i = first; i < end; i++) {
                    devices.register(caller, prefix + "-" + i);
                }
            });
        }
    }

    /**
     * Registers devices {@code prefix-0} … {@code prefix-(count-1)} in {@code tenant} with {@code attributes} (a
     * release's model and hardware revision, for instance), a thousand a transaction.
     */
    void registerDevices(TenantId tenant, String prefix, int count, Map<String, String> attributes) {
        DeviceRegistry devices = bean(DeviceRegistry.class);
        Actor actor = Actor.system("benchmark");
        for (int from = 0; from < count; from += 1_000) {
            int first = from;
            int to = Math.min(count, from + 1_000);
            bean(TenantTransactions.class)
                    .inTenant(
                            tenant,
                            () -> devices.registerAllWithin(
                                    tenant,
                                    java.util.stream.IntStream.range(first, to)
                                            .mapToObj(i -> new DeviceRegistry.SelfRegistration(
                                                    DeviceId.of(prefix + "-" + i),
                                                    actor,
                                                    "bench",
                                                    attributes,
                                                    Map.of()))
                                            .toList()));
        }
    }

    /** Each device's certificate, issued through the in-process path for the registered device of the same id. */
    IssuedCertificate[] enrol(TenantId tenant, List<BenchDevices.Device> made) throws InterruptedException {
        CertificateIssuance issuance = bean(CertificateIssuance.class);
        var issued = new IssuedCertificate[made.size()];
        Throughput.run(
                64,
                0,
                made.size(),
                i -> issued[i] = issuance.enrol(
                        tenant,
                        DeviceId.of(made.get(i).id()),
                        made.get(i).csr(),
                        "bench-" + made.get(i).id()));
        return issued;
    }

    @Override
    public void close() throws IOException {
        context.close();
        if (!throwAway) {
            return;
        }
        try (Stream<Path> files = Files.walk(dataDir)) {
            files.sorted(Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        }
    }
}
