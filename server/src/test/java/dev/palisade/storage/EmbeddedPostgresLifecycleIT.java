package dev.palisade.storage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.storage.internal.ProcessLiveness;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Starting, stopping, crashing and restarting: each test owns its data directory. */
class EmbeddedPostgresLifecycleIT {

    @TempDir
    Path dataDir;

    @AfterEach
    void stopAnythingATestLeftRunning() {
        // A failed assertion may skip close(); a leaked postmaster would outlive the build.
        PostgresProcesses.runningFrom(dataDir).forEach(ProcessHandle::destroyForcibly);
    }

    @Test
    void committedDataSurvivesCloseAndRestart() throws Exception {
        Path postgresDir = PreparedPostgresDirs.withBinaries(dataDir.resolve("postgres"));
        try (EmbeddedPostgres first = EmbeddedPostgres.startOrAttach(postgresDir)) {
            execute(first, first.owner(), "CREATE TABLE devices (name text)");
            execute(first, first.owner(), "INSERT INTO devices VALUES ('meter-0042')");
        }

        try (EmbeddedPostgres second = EmbeddedPostgres.startOrAttach(postgresDir)) {

            assertThat(second.ownsProcess()).isTrue();
            assertThat(query(second, second.owner(), "SELECT name FROM devices"))
                    .containsExactly("meter-0042");
        }
    }

    @Test
    void closeStopsPostgresAndLeavesNoProcessBehind() throws Exception {
        Path postgresDir = PreparedPostgresDirs.withBinaries(dataDir.resolve("postgres"));
        EmbeddedPostgres postgres = EmbeddedPostgres.startOrAttach(postgresDir);
        assertThat(PostgresProcesses.runningFrom(postgresDir)).isNotEmpty();

        postgres.close();

        assertThat(ProcessLiveness.isRunning(postgres.pid())).isFalse();
        assertThat(PostgresProcesses.runningFrom(postgresDir)).isEmpty();
        assertThat(postgresDir.resolve("pgdata/postmaster.pid")).doesNotExist();
    }

    @Test
    void takeOverAdoptsAnOrphanedPostgresAndStopsItOnClose() throws Exception {
        Path postgresDir = PreparedPostgresDirs.withBinaries(dataDir.resolve("postgres"));
        Path secrets = dataDir.resolve("secrets");
        // Never closed, as when the server that started it is killed with kill -9: the postmaster stays up.
        EmbeddedPostgres crashedOwner = EmbeddedPostgres.startOrAttach(postgresDir, secrets, Ownership.SHARE);
        execute(crashedOwner, crashedOwner.owner(), "CREATE TABLE before_crash (id int)");

        EmbeddedPostgres adopter = EmbeddedPostgres.startOrAttach(postgresDir, secrets, Ownership.TAKE_OVER);
        assertThat(adopter.pid()).isEqualTo(crashedOwner.pid());
        assertThat(adopter.port()).isEqualTo(crashedOwner.port());
        assertThat(adopter.ownsProcess()).isTrue();
        assertThat(query(adopter, adopter.owner(), "SELECT count(*) FROM before_crash"))
                .containsExactly("0");

        adopter.close();

        assertThat(ProcessLiveness.isRunning(crashedOwner.pid())).isFalse();
        assertThat(PostgresProcesses.runningFrom(postgresDir)).isEmpty();
    }

    @Test
    void sharingAnOrphanLeavesItRunningOnClose() throws Exception {
        Path postgresDir = PreparedPostgresDirs.withBinaries(dataDir.resolve("postgres"));
        Path secrets = dataDir.resolve("secrets");
        EmbeddedPostgres server = EmbeddedPostgres.startOrAttach(postgresDir, secrets, Ownership.TAKE_OVER);

        try (EmbeddedPostgres tool = EmbeddedPostgres.startOrAttach(postgresDir, secrets, Ownership.SHARE)) {
            assertThat(tool.ownsProcess()).isFalse();
        }

        assertThat(ProcessLiveness.isRunning(server.pid())).isTrue();
        server.close();
        assertThat(ProcessLiveness.isRunning(server.pid())).isFalse();
    }

    @Test
    void acknowledgedCommitSurvivesPostgresBeingKilled() throws Exception {
        Path postgresDir = PreparedPostgresDirs.withBinaries(dataDir.resolve("postgres"));
        EmbeddedPostgres victim = EmbeddedPostgres.startOrAttach(postgresDir);
        execute(victim, victim.owner(), "CREATE TABLE audit (entry text)");
        execute(victim, victim.owner(), "INSERT INTO audit VALUES ('acknowledged')");

        ProcessHandle postmaster = ProcessHandle.of(victim.pid()).orElseThrow();
        postmaster.destroyForcibly();
        postmaster.onExit().get();

        try (EmbeddedPostgres restarted = EmbeddedPostgres.startOrAttach(postgresDir)) {
            assertThat(restarted.pid()).isNotEqualTo(victim.pid());
            assertThat(query(restarted, restarted.owner(), "SELECT entry FROM audit"))
                    .containsExactly("acknowledged");
        }
    }

    private static void execute(EmbeddedPostgres postgres, DatabaseCredentials credentials, String sql)
            throws SQLException {
        try (Connection connection = connect(postgres, credentials);
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static List<String> query(EmbeddedPostgres postgres, DatabaseCredentials credentials, String sql)
            throws SQLException {
        try (Connection connection = connect(postgres, credentials);
                Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery(sql)) {
            List<String> values = new ArrayList<>();
            while (result.next()) {
                values.add(result.getString(1));
            }
            return values;
        }
    }

    private static Connection connect(EmbeddedPostgres postgres, DatabaseCredentials credentials) throws SQLException {
        return DriverManager.getConnection(postgres.jdbcUrl(), credentials.username(), credentials.password());
    }
}
