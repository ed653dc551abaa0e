package dev.palisade.cli;

import dev.palisade.audit.AuditLogIdentity;
import dev.palisade.keys.KeyCustodies;
import dev.palisade.keys.KeyCustody;
import dev.palisade.keys.KeysSettings;
import dev.palisade.keys.SigningKey;
import dev.palisade.shared.DataDirectory;
import dev.palisade.shared.SecretFiles;
import dev.palisade.storage.DatabaseCredentials;
import dev.palisade.storage.EmbeddedPostgres;
import dev.palisade.storage.Ownership;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Properties;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/**
 * Direct access to an installation's database for offline tools, as the schema owner: the embedded PostgreSQL of a
 * data directory (shared with a running server, or started for the duration of the command), or an external one.
 */
final class OfflineDatabase {

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Data directory (default: ./palisade-data).")
    @Nullable
    Path dataDir;

    @Option(names = "--db-url", paramLabel = "JDBC_URL", description = "External PostgreSQL of the installation.")
    @Nullable
    String databaseUrl;

    @Option(names = "--db-user", paramLabel = "ROLE", description = "Schema owner role of the external PostgreSQL.")
    @Nullable
    String databaseUser;

    @Option(
            names = "--db-password-file",
            paramLabel = "FILE",
            description = "File with that role's password (default: PALISADE_DATABASE_PASSWORD).")
    @Nullable
    Path databasePasswordFile;

    Session open() {
        var dataDirectory = new DataDirectory(DataDirectories.resolve(dataDir));
        if (databaseUrl != null) {
            return new Session(dataDirectory, databaseUrl, externalCredentials(), null);
        }
        if (!Files.isDirectory(dataDirectory.postgres().resolve("pgdata"))) {
            throw new IllegalArgumentException("no Palisade installation in " + dataDirectory.root()
                    + " (pass --data-dir, or --db-url for an external database)");
        }
        EmbeddedPostgres postgres =
                EmbeddedPostgres.startOrAttach(dataDirectory.postgres(), dataDirectory.secrets(), Ownership.SHARE);
        return new Session(dataDirectory, postgres.jdbcUrl(), postgres.owner(), postgres);
    }

    private DatabaseCredentials externalCredentials() {
        if (databaseUser == null) {
            throw new IllegalArgumentException("--db-user is required with --db-url");
        }
        String password = databasePasswordFile != null
                ? SecretFiles.readString(databasePasswordFile)
                : System.getenv("PALISADE_DATABASE_PASSWORD");
        if (password == null) {
            throw new IllegalArgumentException(
                    "give the password with --db-password-file or PALISADE_DATABASE_PASSWORD");
        }
        return new DatabaseCredentials(databaseUser, password);
    }

    /** An open database; closing it stops PostgreSQL if this command started it. */
    record Session(
            DataDirectory dataDirectory,
            String jdbcUrl,
            DatabaseCredentials credentials,
            @Nullable EmbeddedPostgres embedded)
            implements AutoCloseable {

        Connection connect() throws SQLException {
            var properties = new Properties();
            properties.setProperty("user", credentials.username());
            properties.setProperty("password", credentials.password());
            properties.setProperty("ApplicationName", "palisade-cli");
            return DriverManager.getConnection(jdbcUrl, properties);
        }

        /** The verifier key of the installation's checkpoint key, read from its keystore. */
        String verifierKey(AuditLogIdentity identity) {
            var settings = new KeysSettings(
                    environmentPath("PALISADE_KEYS_KEYSTORE"),
                    environmentPath("PALISADE_KEYS_PASSPHRASE_FILE"),
                    System.getenv("PALISADE_KEYS_PASSPHRASE"));
            Path keystore = settings.keystore() != null
                    ? settings.keystore()
                    : dataDirectory.keys().resolve("palisade-keys.p12");
            if (!Files.exists(keystore)) {
                throw new IllegalArgumentException("no keystore at " + keystore
                        + "; pass --verifier-key with the key from GET /api/v1/audit/verifier-key");
            }
            KeyCustody custody = KeyCustodies.open(settings, dataDirectory, Clock.systemUTC());
            SigningKey key = custody.find(AuditLogIdentity.CHECKPOINT_KEY)
                    .orElseThrow(() -> new IllegalStateException("the keystore holds no audit checkpoint key"));
            return identity.verifierKey(key.publicKey());
        }

        @Override
        public void close() {
            if (embedded != null) {
                embedded.close();
            }
        }

        private static @Nullable Path environmentPath(String name) {
            String value = System.getenv(name);
            return value == null || value.isBlank() ? null : Path.of(value);
        }
    }
}
