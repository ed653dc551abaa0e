package dev.palisade.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/**
 * Options of commands that run the server. Each maps to a {@code palisade.*} setting, which can also come from the
 * environment ({@code PALISADE_DATABASE_URL} …); an option given here wins.
 */
final class ServerOptions {

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Data directory (default: ./palisade-data).")
    @Nullable
    Path dataDir;

    @Option(names = "--api-port", paramLabel = "PORT", description = "HTTPS port of the operator API (default 8443).")
    @Nullable
    Integer apiPort;

    @Option(names = "--bind", paramLabel = "ADDRESS", description = "Interface to listen on (default 0.0.0.0).")
    @Nullable
    String bindAddress;

    @Option(
            names = "--device-port",
            paramLabel = "PORT",
            description = "HTTPS port of the device endpoint, EST (default 9443).")
    @Nullable
    Integer devicePort;

    @Option(
            names = "--http-port",
            paramLabel = "PORT",
            description = "Plain-HTTP port of CRLs and OCSP (default 8080).")
    @Nullable
    Integer httpPort;

    @Option(
            names = "--mqtt-port",
            paramLabel = "PORT",
            description = "Port of the MQTT broker's TLS listener (default 8883).")
    @Nullable
    Integer mqttPort;

    @Option(
            names = "--db-url",
            paramLabel = "JDBC_URL",
            description = "External PostgreSQL instead of the embedded one.")
    @Nullable
    String databaseUrl;

    @Option(names = "--db-user", paramLabel = "ROLE", description = "Runtime role of the external PostgreSQL.")
    @Nullable
    String databaseUser;

    @Option(names = "--db-password-file", paramLabel = "FILE", description = "File with the runtime role's password.")
    @Nullable
    Path databasePasswordFile;

    @Option(names = "--db-migration-user", paramLabel = "ROLE", description = "Schema owner that runs migrations.")
    @Nullable
    String migrationUser;

    @Option(
            names = "--db-migration-password-file",
            paramLabel = "FILE",
            description = "File with the schema owner's password.")
    @Nullable
    Path migrationPasswordFile;

    Path dataDirectory() {
        return DataDirectories.resolve(dataDir);
    }

    /**
     * Whether the server will run its own PostgreSQL: no URL given here or in the environment. (A URL set elsewhere
     * still wins; the server then stops the database it started early.)
     */
    boolean embeddedDatabase() {
        String fromEnvironment = System.getenv("PALISADE_DATABASE_URL");
        return databaseUrl == null && (fromEnvironment == null || fromEnvironment.isBlank());
    }

    /** The settings these options stand for, as Spring properties. */
    Map<String, Object> properties() {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("palisade.data-dir", dataDirectory().toString());
        putIfSet(properties, "palisade.api.port", apiPort);
        putIfSet(properties, "palisade.api.bind-address", bindAddress);
        putIfSet(properties, "palisade.device-api.bind-address", bindAddress);
        putIfSet(properties, "palisade.device-api.port", devicePort);
        putIfSet(properties, "palisade.device-api.http-port", httpPort);
        putIfSet(properties, "palisade.broker.port", mqttPort);
        putIfSet(properties, "palisade.broker.bind-address", bindAddress);
        if (httpPort != null) {
            properties.put("palisade.pki.public-base-url", "http://localhost:" + httpPort);
        }
        putIfSet(properties, "palisade.database.url", databaseUrl);
        putIfSet(properties, "palisade.database.username", databaseUser);
        putIfSet(properties, "palisade.database.password-file", databasePasswordFile);
        putIfSet(properties, "palisade.database.migration-username", migrationUser);
        putIfSet(properties, "palisade.database.migration-password-file", migrationPasswordFile);
        return properties;
    }

    private static void putIfSet(Map<String, Object> properties, String key, @Nullable Object value) {
        if (value != null) {
            properties.put(key, value.toString());
        }
    }
}
