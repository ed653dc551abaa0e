package dev.palisade.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.storage.EmbeddedPostgres;
import dev.palisade.storage.Ownership;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An installation whose audit log was written before leaf hashes moved into the records keeps every leaf hash: the
 * migration copies each level-0 node into its record and removes the level-0 nodes, leaving the interior ones.
 */
class LeafHashMigrationIT {

    @TempDir
    static Path temp;

    private static EmbeddedPostgres postgres;

    @BeforeAll
    static void start() {
        postgres = EmbeddedPostgres.startOrAttach(
                temp.resolve("db/postgres"), temp.resolve("db/secrets"), Ownership.SHARE);
    }

    @AfterAll
    static void stop() {
        postgres.close();
    }

    @Test
    void leafHashesMoveFromLevelZeroNodesIntoTheirRecords() throws SQLException {
        migrate("22");
        UUID tenant = UUID.randomUUID();
        byte[] leaf0 = hash('a');
        byte[] leaf1 = hash('b');
        byte[] interior = hash('c');
        try (Connection db = superuser()) {
            db.createStatement()
                    .execute("insert into tenant (id, slug, display_name, created_at) values ('" + tenant
                            + "', 'acme', 'Acme', now())");
            for (int index = 0; index < 2; index++) {
                db.createStatement()
                        .execute("insert into audit_record (tenant_id, leaf_index, recorded_at, actor_kind, actor_id,"
                                + " actor_name, action, target, request_id, outcome, details) values ('" + tenant
                                + "', " + index + ", now(), 'system', 's', 's', 'test.old', 't', 'r', 'succeeded',"
                                + " '{}')");
            }
            insertNode(db, tenant, 0, 0, leaf0);
            insertNode(db, tenant, 0, 1, leaf1);
            insertNode(db, tenant, 1, 0, interior);
        }

        migrate("latest");

        try (Connection db = superuser()) {
            var records = db.createStatement()
                    .executeQuery("select leaf_index, leaf_hash from audit_record where tenant_id = '" + tenant
                            + "' order by leaf_index");
            assertThat(records.next()).isTrue();
            assertThat(records.getBytes("leaf_hash")).isEqualTo(leaf0);
            assertThat(records.next()).isTrue();
            assertThat(records.getBytes("leaf_hash")).isEqualTo(leaf1);
            var nodes = db.createStatement()
                    .executeQuery("select level, node_index, hash from audit_node where tenant_id = '" + tenant + "'");
            assertThat(nodes.next()).isTrue();
            assertThat(nodes.getInt("level")).isEqualTo(1);
            assertThat(nodes.getBytes("hash")).isEqualTo(interior);
            assertThat(nodes.next()).as("only the interior node is left").isFalse();
        }
    }

    private static void insertNode(Connection db, UUID tenant, int level, long index, byte[] hash) throws SQLException {
        db.createStatement()
                .execute("insert into audit_node (tenant_id, level, node_index, hash) values ('" + tenant + "', "
                        + level + ", " + index + ", '\\x" + HexFormat.of().formatHex(hash) + "')");
    }

    private static byte[] hash(char filler) {
        return String.valueOf(filler).repeat(32).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }

    /** Migrates as the schema owner, as the server does, up to {@code version} (a number, or "latest"). */
    private static void migrate(String version) {
        var configuration = Flyway.configure()
                .dataSource(
                        postgres.jdbcUrl(),
                        postgres.owner().username(),
                        postgres.owner().password())
                .locations("classpath:db/migration")
                .placeholders(Map.of("appRole", '"' + postgres.app().username() + '"'))
                .target(version);
        configuration.load().migrate();
    }

    /** The test writes the old rows as the superuser, whom row-level security does not bind. */
    private static Connection superuser() throws SQLException {
        return DriverManager.getConnection(
                postgres.jdbcUrl(),
                postgres.superuser().username(),
                postgres.superuser().password());
    }
}
