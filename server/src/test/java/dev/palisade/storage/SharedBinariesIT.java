package dev.palisade.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Data directories whose PostgreSQL binaries live in one shared directory: unpacked once, and each new cluster copied
 * from a template there instead of made by initdb, yet with a superuser password of its own.
 */
class SharedBinariesIT {

    @TempDir
    Path temp;

    @Test
    void newDataDirectoriesShareTheBinariesButEachClusterHasItsOwnSuperuserPassword() throws Exception {
        Path shared = temp.resolve("shared");

        try (EmbeddedPostgres first = start("first", shared);
                EmbeddedPostgres second = start("second", shared)) {
            assertThat(query(first, first.superuser(), "SELECT current_user")).isEqualTo("postgres");
            assertThat(query(second, second.superuser(), "SELECT current_user")).isEqualTo("postgres");
            assertThat(query(second, second.app(), "SELECT current_user")).isEqualTo("palisade_app");
            assertThat(first.superuser().password())
                    .isNotEqualTo(second.superuser().password());

            DatabaseCredentials firstsPasswordOnSecond =
                    new DatabaseCredentials("postgres", first.superuser().password());
            assertThatThrownBy(() -> query(second, firstsPasswordOnSecond, "SELECT 1"))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("password authentication failed");
        }

        assertThat(namesIn(shared))
                .as("one tree of binaries, one template cluster, nothing left from staging")
                .hasSize(3)
                .anyMatch(name -> name.matches("bin-[0-9a-f]{16}"))
                .anyMatch(name -> name.matches("bin-[0-9a-f]{16}\\.cluster-\\d+"))
                .contains(".lock");
        for (String dataDirectory : List.of("first", "second")) {
            Path postgresDir = temp.resolve(dataDirectory).resolve("postgres");
            assertThat(namesIn(postgresDir))
                    .as("no binaries and no staging leftovers in the data directory")
                    .noneMatch(name -> name.startsWith("bin-") || name.startsWith(".pgdata-staging-"));
            String log = Files.readString(postgresDir.resolve("postgres.log"));
            assertThat(log).as("the password's verifier never reaches the log").doesNotContain("SCRAM-SHA-256$");
        }
        assertThat(Files.readString(temp.resolve("second/postgres/postgres.log")))
                .as("the second cluster is a copy: initdb did not run for it")
                .doesNotContain("The files belonging to this database system");
    }

    private EmbeddedPostgres start(String name, Path shared) {
        Path dataDirectory = temp.resolve(name);
        return EmbeddedPostgres.startOrAttach(
                dataDirectory.resolve("postgres"),
                dataDirectory.resolve("secrets"),
                Ownership.TAKE_OVER,
                shared.toString());
    }

    private static String query(EmbeddedPostgres postgres, DatabaseCredentials credentials, String sql)
            throws SQLException {
        String database = credentials.username().equals("postgres") ? "postgres" : "palisade";
        try (Connection connection = DriverManager.getConnection(
                        "jdbc:postgresql://127.0.0.1:" + postgres.port() + "/" + database,
                        credentials.username(),
                        credentials.password());
                Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery(sql)) {
            result.next();
            return result.getString(1);
        }
    }

    private static List<String> namesIn(Path dir) throws Exception {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.map(entry -> entry.getFileName().toString()).toList();
        }
    }
}
