package dev.palisade.cli;

import dev.palisade.PalisadeApplication;
import dev.palisade.api.ApiFiles;
import dev.palisade.broker.EmbeddedBroker;
import dev.palisade.deviceapi.DeviceEndpoints;
import dev.palisade.deviceapi.DevicePorts;
import dev.palisade.keys.FastCrypto;
import dev.palisade.shared.DataDirectory;
import dev.palisade.shared.SecretFiles;
import dev.palisade.storage.DatabaseInfo;
import dev.palisade.storage.EarlyPostgresStart;
import dev.palisade.tenancy.FirstStart;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Starts the control plane for {@code serve} and {@code demo}: takes the data directory's lock (one server per data
 * directory), runs the Spring application, and prints where everything is.
 */
final class ServerLauncher {

    private ServerLauncher() {}

    /** Starts the server; closing the returned context shuts it (and its embedded PostgreSQL) down. */
    static ConfigurableApplicationContext start(ServerOptions options, PrintWriter out) {
        long started = System.nanoTime();
        // the command line's logging set-up is done; Spring Boot's own (logging.config) takes over and would warn
        System.clearProperty("logback.configurationFile");
        Path dataDir = options.dataDirectory();
        SecretFiles.ownerOnlyDirectory(dataDir);
        FileLock lock = lock(dataDir);
        Map<String, Object> properties = new LinkedHashMap<>(options.properties());
        properties.put("spring.main.keep-alive", "true");
        // as command-line arguments, the options outrank application.yml and the environment
        String[] arguments = properties.entrySet().stream()
                .map(property -> "--" + property.getKey() + "=" + property.getValue())
                .toArray(String[]::new);
        FastCrypto.prepareInBackground();
        var application = new SpringApplication(PalisadeApplication.class);
        var early = new AtomicReference<@Nullable EarlyPostgresStart>();
        if (options.embeddedDatabase()) {
            // As soon as logging is set up (so that the database's messages are not lost), before the context.
            application.addListeners((ApplicationListener<ApplicationEnvironmentPreparedEvent>)
                    prepared -> early.set(EarlyPostgresStart.begin(new DataDirectory(dataDir))));
            application.addInitializers(context -> {
                EarlyPostgresStart starting = early.get();
                if (starting != null) {
                    context.getBeanFactory().registerSingleton("earlyPostgresStart", starting);
                }
            });
        }
        ConfigurableApplicationContext context;
        try {
            context = application.run(arguments);
        } finally {
            EarlyPostgresStart starting = early.get();
            if (starting != null) {
                starting.close(); // stops the database only if the server did not take it over
            }
        }
        context.addApplicationListener(event -> {
            if (event instanceof org.springframework.context.event.ContextClosedEvent) {
                release(lock);
            }
        });
        var webServer = ((WebServerApplicationContext) context).getWebServer();
        if (webServer == null) {
            throw new IllegalStateException("the operator API did not start");
        }
        int port = webServer.getPort();
        String apiUrl = "https://localhost:" + port;
        writeApiUrl(new DataDirectory(dataDir), apiUrl);
        Duration startup = Duration.ofNanos(System.nanoTime() - started);
        printBanner(context, new DataDirectory(dataDir), apiUrl, startup, out);
        return context;
    }

    /** The file where a running server leaves its API address for CLI commands. */
    static Path apiUrlFile(DataDirectory dataDirectory) {
        return dataDirectory.root().resolve("api-url");
    }

    private static void printBanner(
            ConfigurableApplicationContext context,
            DataDirectory dataDirectory,
            String apiUrl,
            Duration startup,
            PrintWriter out) {
        DatabaseInfo database = context.getBean(DatabaseInfo.class);
        FirstStart.Outcome firstStart = context.getBean(FirstStart.class).outcome();
        Path certificate = ApiFiles.certificate(dataDirectory);
        out.printf(Locale.ROOT, "Palisade %s ready in %.1f s%n", Versions.version(), startup.toMillis() / 1000.0);
        out.printf(Locale.ROOT, "  Operator API    %s/api/v1   (TLS 1.3)%n", apiUrl);
        out.printf(Locale.ROOT, "  OpenAPI         %s/api/v1/openapi.json%n", apiUrl);
        DevicePorts ports = context.getBean(DeviceEndpoints.class).ports();
        if (ports.https() > 0) {
            out.printf(
                    Locale.ROOT,
                    "  Device EST      https://localhost:%d/.well-known/est/<tenant>/   (TLS 1.3, client certificates)%n",
                    ports.https());
            out.printf(
                    Locale.ROOT,
                    "  CRL and OCSP    http://localhost:%d/crl/<ca>.crl   http://localhost:%d/ocsp/<ca>%n",
                    ports.http(),
                    ports.http());
        }
        int mqtt = context.getBean(EmbeddedBroker.class).port();
        if (mqtt > 0) {
            out.printf(
                    Locale.ROOT,
                    "  MQTT broker     mqtts://localhost:%d   (TLS 1.3, device certificate with its CA; client id = device id)%n",
                    mqtt);
        }
        if (Files.exists(certificate)) {
            out.printf(Locale.ROOT, "  Certificate     %s   (self-signed; clients pin it)%n", certificate);
        }
        out.printf(
                Locale.ROOT,
                "  PostgreSQL      %s %s, schema version %s%n",
                database.embedded() ? "embedded at" : "external at",
                database.location(),
                database.schemaVersion());
        out.printf(Locale.ROOT, "  Data directory  %s%n", dataDirectory.root());
        if (firstStart.createdNow()) {
            out.printf(
                    Locale.ROOT,
                    "  Admin token     %s   (created now; only its owner can read it)%n",
                    firstStart.adminTokenFile());
        } else if (Files.exists(firstStart.adminTokenFile())) {
            out.printf(Locale.ROOT, "  Admin token     %s%n", firstStart.adminTokenFile());
        }
        out.println("Try: ./palisade whoami      Stop: Ctrl-C");
        out.flush();
    }

    private static FileLock lock(Path dataDir) {
        try {
            FileChannel channel = FileChannel.open(
                    dataDir.resolve("palisade.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock == null) {
                channel.close();
                throw new IllegalStateException("another Palisade server is running on data directory " + dataDir);
            }
            return lock;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lock data directory " + dataDir, e);
        }
    }

    private static void release(FileLock lock) {
        try {
            lock.release();
            lock.channel().close();
        } catch (IOException alreadyGone) {
            // the lock dies with the process anyway
        }
    }

    private static void writeApiUrl(DataDirectory dataDirectory, String apiUrl) {
        try {
            Files.writeString(apiUrlFile(dataDirectory), apiUrl + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + apiUrlFile(dataDirectory), e);
        }
    }
}
