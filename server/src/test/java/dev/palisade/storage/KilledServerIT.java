package dev.palisade.storage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.storage.internal.ProcessLiveness;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -9} of the server: its PostgreSQL lives on as an orphan, and the next server adopts it rather than
 * starting a second one, keeping every committed change.
 */
class KilledServerIT {

    @TempDir
    Path dataDir;

    @AfterEach
    void stopAnythingATestLeftRunning() {
        // A failed assertion may skip close(); a leaked postmaster would outlive the build.
        PostgresProcesses.runningFrom(dataDir).forEach(ProcessHandle::destroyForcibly);
    }

    @Test
    void nextServerAdoptsThePostgresOfAServerKilledWithSigkill() throws Exception {
        Path postgresDir = PreparedPostgresDirs.withBinaries(dataDir.resolve("postgres"));
        Path secrets = dataDir.resolve("secrets");
        Path report = dataDir.resolve("started");
        Process server = startServerJvm(postgresDir, secrets, report);
        List<String> started = awaitReport(server, report);
        long postmasterPid = Long.parseLong(started.get(0));

        server.destroyForcibly();
        assertThat(server.waitFor(30, TimeUnit.SECONDS)).isTrue();

        assertThat(ProcessLiveness.isRunning(postmasterPid))
                .as("PostgreSQL outlives its server")
                .isTrue();
        EmbeddedPostgres next = EmbeddedPostgres.startOrAttach(postgresDir, secrets, Ownership.TAKE_OVER);
        assertThat(next.pid()).isEqualTo(postmasterPid);
        assertThat(next.port()).isEqualTo(Integer.parseInt(started.get(1)));
        assertThat(next.ownsProcess()).isTrue();
        try (Connection connection = DriverManager.getConnection(
                        next.jdbcUrl(), next.app().username(), next.app().password());
                Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("SELECT current_user")) {
            assertThat(result.next()).isTrue();
            assertThat(result.getString(1)).isEqualTo("palisade_app");
        }

        next.close();

        assertThat(ProcessLiveness.isRunning(postmasterPid)).isFalse();
        assertThat(PostgresProcesses.runningFrom(postgresDir)).isEmpty();
    }

    private Process startServerJvm(Path postgresDir, Path secrets, Path report) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        return new ProcessBuilder(
                        java,
                        "-cp",
                        System.getProperty("java.class.path"),
                        ServerThatGetsKilled.class.getName(),
                        postgresDir.toString(),
                        secrets.toString(),
                        report.toString())
                .redirectErrorStream(true)
                .redirectOutput(new File(dataDir.resolve("server.log").toString()))
                .start();
    }

    private List<String> awaitReport(Process server, Path report) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.exists(report)) {
            assertThat(server.isAlive())
                    .as("server JVM still running; its log:%n%s", logOf(dataDir.resolve("server.log")))
                    .isTrue();
            assertThat(System.nanoTime()).as("server started within 60 s").isLessThan(deadline);
            Thread.sleep(50);
        }
        return List.of(Files.readString(report, StandardCharsets.UTF_8).split(" "));
    }

    private static String logOf(Path log) throws Exception {
        return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "(none)";
    }
}
