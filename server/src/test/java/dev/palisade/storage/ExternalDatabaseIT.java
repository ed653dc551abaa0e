package dev.palisade.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.palisade.PalisadeApplication;
import dev.palisade.shared.DataDirectory;
import dev.palisade.shared.SecretFiles;
import dev.palisade.support.TestApi;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Palisade on a PostgreSQL it does not run itself, given by JDBC URL with a runtime role and a schema owner; and its
 * refusal to run as a role that row-level security would not bind.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ExternalDatabaseIT {

    @TempDir
    static Path temp;

    private static EmbeddedPostgres external;

    @BeforeAll
    static void startAnotherPostgres() {
        external = EmbeddedPostgres.startOrAttach(
                temp.resolve("db/postgres"), temp.resolve("db/secrets"), Ownership.SHARE);
    }

    @AfterAll
    static void stop() {
        external.close();
    }

    @Test
    @Order(2)
    void runsOnAnExternalDatabaseWithSeparateRuntimeAndOwnerRoles() throws Exception {
        Path dataDir = temp.resolve("server");
        Path appPassword =
                Files.writeString(temp.resolve("app.password"), external.app().password());
        Path ownerPassword = Files.writeString(
                temp.resolve("owner.password"), external.owner().password());

        try (ConfigurableApplicationContext server = start(
                dataDir,
                List.of(
                        "--palisade.database.username=" + external.app().username(),
                        "--palisade.database.password-file=" + appPassword,
                        "--palisade.database.migration-username="
                                + external.owner().username(),
                        "--palisade.database.migration-password-file=" + ownerPassword))) {
            int port = Objects.requireNonNull(((WebServerApplicationContext) server).getWebServer())
                    .getPort();
            var dataDirectory = new DataDirectory(dataDir);
            var api =
                    new TestApi("https://localhost:" + port, dataDirectory.tls().resolve("api-certificate.pem"));

            var me = api.get("/api/v1/whoami", SecretFiles.readString(dataDirectory.adminTokenFile()));

            assertThat(me.status()).isEqualTo(200);
            assertThat(Files.exists(dataDirectory.postgres()))
                    .as("no embedded PostgreSQL")
                    .isFalse();
            assertThat(server.getBean(DatabaseInfo.class).embedded()).isFalse();
            assertThat(server.getBean(DatabaseInfo.class).location()).isEqualTo(external.jdbcUrl());
        }
    }

    @Test
    @Order(1)
    void refusesToRunAsARoleThatBypassesRowLevelSecurityBeforeChangingAnything() throws Exception {
        Path dataDir = temp.resolve("superuser-server");

        assertThatThrownBy(() -> start(
                                dataDir,
                                List.of(
                                        "--palisade.database.username="
                                                + external.superuser().username(),
                                        "--palisade.database.password="
                                                + external.superuser().password()))
                        .close())
                .rootCause()
                .hasMessageContaining("is a superuser or has BYPASSRLS");
        try (var connection = java.sql.DriverManager.getConnection(
                        external.jdbcUrl(),
                        external.owner().username(),
                        external.owner().password());
                var tables = connection
                        .createStatement()
                        .executeQuery("select count(*) from pg_tables where schemaname = 'public'")) {
            tables.next();
            assertThat(tables.getInt(1)).as("no migration ran").isZero();
        }
    }

    private static ConfigurableApplicationContext start(Path dataDir, List<String> database) {
        List<String> arguments = new ArrayList<>(List.of(
                "--palisade.data-dir=" + dataDir,
                "--palisade.api.port=0",
                "--palisade.api.bind-address=127.0.0.1",
                "--palisade.database.url=" + external.jdbcUrl(),
                "--palisade.device-api.enabled=false",
                "--palisade.broker.enabled=false"));
        arguments.addAll(database);
        return new SpringApplicationBuilder(PalisadeApplication.class).run(arguments.toArray(String[]::new));
    }
}
