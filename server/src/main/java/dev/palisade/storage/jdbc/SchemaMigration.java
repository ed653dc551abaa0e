package dev.palisade.storage.jdbc;

import java.util.Map;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The schema, brought up to date with Flyway as the schema owner. The runtime role receives only the grants that the
 * migrations give it (audit tables, for instance, are insert-only for it).
 */
final class SchemaMigration {

    private static final Logger log = LoggerFactory.getLogger(SchemaMigration.class);

    private final String schemaVersion;

    private SchemaMigration(String schemaVersion) {
        this.schemaVersion = schemaVersion;
    }

    static SchemaMigration migrate(DatabaseEndpoint endpoint) {
        Flyway flyway = Flyway.configure()
                .dataSource(
                        endpoint.jdbcUrl(),
                        endpoint.owner().username(),
                        endpoint.owner().password())
                .locations("classpath:db/migration")
                .placeholders(
                        Map.of("appRole", quoteIdentifier(endpoint.runtime().username())))
                .failOnMissingLocations(true)
                .validateMigrationNaming(true)
                .load();
        MigrateResult result = flyway.migrate();
        String version = result.targetSchemaVersion == null
                ? String.valueOf(result.initialSchemaVersion)
                : result.targetSchemaVersion;
        if (result.migrationsExecuted > 0) {
            log.info("Database schema migrated to version {} ({} migrations)", version, result.migrationsExecuted);
        }
        return new SchemaMigration(version);
    }

    String schemaVersion() {
        return schemaVersion;
    }

    /** Role names reach the migrations as SQL identifiers; quoting keeps a configured name from becoming SQL. */
    static String quoteIdentifier(String name) {
        return '"' + name.replace("\"", "\"\"") + '"';
    }
}
