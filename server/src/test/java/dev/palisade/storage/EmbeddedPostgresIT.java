package dev.palisade.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.palisade.shared.SecretFiles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One embedded PostgreSQL shared by tests that only look at it or attach to it. */
class EmbeddedPostgresIT {

    @TempDir
    static Path dataDir;

    static EmbeddedPostgres postgres;

    @BeforeAll
    static void start() {
        postgres = EmbeddedPostgres.startOrAttach(dataDir.resolve("postgres"));
    }

    @AfterAll
    static void stop() {
        postgres.close();
    }

    @Test
    void firstStartAcceptsConnectionsAsTheAppAndOwnerRoles() throws SQLException {
        assertThat(postgres.ownsProcess()).isTrue();
        assertThat(postgres.jdbcUrl()).isEqualTo("jdbc:postgresql://127.0.0.1:" + postgres.port() + "/palisade");

        assertThat(queryString(postgres.app(), "SELECT current_user")).isEqualTo("palisade_app");
        assertThat(queryString(postgres.owner(), "SELECT current_user")).isEqualTo("palisade_owner");
        assertThat(queryString(
                        postgres.owner(),
                        "SELECT pg_get_userbyid(datdba) FROM pg_database" + " WHERE datname = current_database()"))
                .isEqualTo("palisade_owner");
    }

    @Test
    void appRoleIsNoSuperuserAndCannotBypassRowLevelSecurity() throws SQLException {
        String attributes = "SELECT rolsuper, rolbypassrls, rolcreaterole, rolcreatedb, rolinherit, rolcanlogin"
                + " FROM pg_roles WHERE rolname = ";

        List<String> app = queryRow(postgres.app(), attributes + "'palisade_app'");
        List<String> owner = queryRow(postgres.app(), attributes + "'palisade_owner'");

        assertThat(app).containsExactly("f", "f", "f", "f", "f", "t");
        assertThat(owner).containsExactly("f", "f", "f", "f", "t", "t");
    }

    @Test
    void ownerRoleCanCreateTablesThatTheAppRoleCannotReadWithoutAGrant() throws SQLException {
        execute(postgres.owner(), "CREATE TABLE IF NOT EXISTS secret_notes (body text)");

        assertThatThrownBy(() -> queryString(postgres.app(), "SELECT count(*) FROM secret_notes"))
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("permission denied");
    }

    @Test
    void listensOnLoopbackOnlyWithoutUnixSocketsAndWithDurableCommits() throws SQLException {
        assertThat(queryString(postgres.superuser(), "SHOW listen_addresses")).isEqualTo("127.0.0.1");
        assertThat(queryString(postgres.superuser(), "SHOW unix_socket_directories"))
                .isEmpty();
        assertThat(queryString(postgres.superuser(), "SHOW password_encryption"))
                .isEqualTo("scram-sha-256");
        assertThat(queryString(postgres.superuser(), "SHOW fsync")).isEqualTo("on");
        assertThat(queryString(postgres.superuser(), "SHOW synchronous_commit")).isEqualTo("on");
    }

    @Test
    void hostBasedAccessAllowsOnlyScramLoginsFromLoopback() throws SQLException {
        List<String> rules = queryColumn(
                postgres.superuser(),
                "SELECT type || ' ' || array_to_string(database, ',') || ' ' || array_to_string(user_name, ',')"
                        + " || ' ' || address || ' ' || netmask || ' ' || auth_method FROM pg_hba_file_rules");

        assertThat(rules).containsExactly("host all all 127.0.0.1 255.255.255.255 scram-sha-256");
    }

    @Test
    void appRoleCannotConnectToTheMaintenanceDatabase() {
        String url = "jdbc:postgresql://127.0.0.1:" + postgres.port() + "/postgres";

        assertThatThrownBy(() -> DriverManager.getConnection(
                                url, postgres.app().username(), postgres.app().password())
                        .close())
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("permission denied");
    }

    @Test
    void passwordFilesAreReadableByTheirOwnerOnly() throws Exception {
        Path secrets = dataDir.resolve("secrets");

        for (String file : List.of("db-superuser.password", "db-owner.password", "db-app.password")) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(secrets.resolve(file))))
                    .as(file)
                    .isEqualTo("rw-------");
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(secrets)))
                .isEqualTo("rwx------");
    }

    @Test
    void secondStartWhileRunningAttachesInsteadOfStartingAnotherServer() throws SQLException {
        EmbeddedPostgres second = EmbeddedPostgres.startOrAttach(dataDir.resolve("postgres"));
        second.close();

        assertThat(second.port()).isEqualTo(postgres.port());
        assertThat(second.pid()).isEqualTo(postgres.pid());
        assertThat(second.ownsProcess()).isFalse();
        assertThat(queryString(postgres.app(), "SELECT 'still up'")).isEqualTo("still up");
        assertThat(PostgresProcesses.postmastersFrom(dataDir.resolve("postgres")))
                .containsExactly(postgres.pid());
    }

    @Test
    void replacedPasswordFileIsAppliedToItsRoleAtTheNextStart() throws SQLException {
        Path appPasswordFile = dataDir.resolve("secrets/db-app.password");
        String original = SecretFiles.readString(appPasswordFile);
        SecretFiles.writeString(appPasswordFile, "replaced-by-an-operator");
        try {
            try (EmbeddedPostgres attached = EmbeddedPostgres.startOrAttach(dataDir.resolve("postgres"))) {

                assertThat(attached.app().password()).isEqualTo("replaced-by-an-operator");
                assertThat(queryString(attached.app(), "SELECT current_user")).isEqualTo("palisade_app");
                assertThatThrownBy(() -> queryString(postgres.app(), "SELECT 1"))
                        .isInstanceOf(SQLException.class)
                        .hasMessageContaining("password authentication failed");
            }
        } finally {
            SecretFiles.writeString(appPasswordFile, original);
            EmbeddedPostgres.startOrAttach(dataDir.resolve("postgres")).close();
        }
    }

    @Test
    void binariesAreUnpackedWithTheirModesAndSymbolicLinks() throws Exception {
        Path home;
        try (var entries = Files.newDirectoryStream(dataDir.resolve("postgres"), "bin-*")) {
            home = entries.iterator().next();
        }

        assertThat(home.resolve("bin/postgres")).isExecutable();
        assertThat(home.resolve("bin/initdb")).isExecutable();
        assertThat(Files.isSymbolicLink(home.resolve("lib/libpq.so.5"))).isTrue();
        assertThat(home.resolve("lib/libpq.so.5")).exists();
        assertThat(dataDir.resolve("postgres")).isDirectoryNotContaining("glob:**/.bin-staging-*");
    }

    @Test
    void postgresLogIsWrittenInThePostgresDirectory() throws Exception {
        Path log = dataDir.resolve("postgres/postgres.log");

        assertThat(Files.readString(log, StandardCharsets.UTF_8)).contains("database system is ready");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(log)))
                .isEqualTo("rw-------");
    }

    private static String queryString(DatabaseCredentials credentials, String sql) throws SQLException {
        return queryRow(credentials, sql).getFirst();
    }

    private static List<String> queryRow(DatabaseCredentials credentials, String sql) throws SQLException {
        try (Connection connection = connect(credentials);
                Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery(sql)) {
            assertThat(result.next()).as("a row from %s", sql).isTrue();
            List<String> row = new ArrayList<>();
            for (int column = 1; column <= result.getMetaData().getColumnCount(); column++) {
                row.add(result.getString(column));
            }
            return row;
        }
    }

    private static List<String> queryColumn(DatabaseCredentials credentials, String sql) throws SQLException {
        try (Connection connection = connect(credentials);
                Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery(sql)) {
            List<String> values = new ArrayList<>();
            while (result.next()) {
                values.add(result.getString(1));
            }
            return values;
        }
    }

    private static void execute(DatabaseCredentials credentials, String sql) throws SQLException {
        try (Connection connection = connect(credentials);
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static Connection connect(DatabaseCredentials credentials) throws SQLException {
        String database = credentials.username().equals("postgres") ? "postgres" : "palisade";
        return DriverManager.getConnection(
                "jdbc:postgresql://127.0.0.1:" + postgres.port() + "/" + database,
                credentials.username(),
                credentials.password());
    }
}
