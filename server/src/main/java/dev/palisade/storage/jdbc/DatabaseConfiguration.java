package dev.palisade.storage.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.palisade.shared.DataDirectory;
import dev.palisade.shared.SecretFiles;
import dev.palisade.storage.DatabaseCredentials;
import dev.palisade.storage.DatabaseInfo;
import dev.palisade.storage.DatabaseSettings;
import dev.palisade.storage.EarlyPostgresStart;
import dev.palisade.storage.EmbeddedPostgres;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Connects Palisade to PostgreSQL: starts the embedded server when no URL is configured, migrates the schema as its
 * owner, then opens the runtime pool, which refuses to start if its role could bypass row-level security.
 */
@Configuration(proxyBeanMethods = false)
class DatabaseConfiguration {

    @Bean(destroyMethod = "close")
    @org.springframework.context.annotation.Conditional(EmbeddedDatabaseCondition.class)
    EmbeddedPostgres embeddedPostgres(
            DataDirectory dataDirectory, DatabaseSettings settings, ObjectProvider<EarlyPostgresStart> early) {
        EarlyPostgresStart started = early.getIfAvailable();
        if (started != null && started.isFor(dataDirectory)) {
            return started.takeOver();
        }
        return EmbeddedPostgres.startOrAttach(
                dataDirectory.postgres(), dataDirectory.secrets(), settings.embeddedOwnership());
    }

    @Bean
    DatabaseEndpoint databaseEndpoint(DatabaseSettings settings, ObjectProvider<EmbeddedPostgres> embedded) {
        if (settings.embedded()) {
            EmbeddedPostgres postgres = embedded.getObject();
            return new DatabaseEndpoint(postgres.jdbcUrl(), postgres.app(), postgres.owner());
        }
        String url = settings.url();
        String username = required(settings.username(), "palisade.database.username");
        var runtime = new DatabaseCredentials(
                username, password(settings.password(), settings.passwordFile(), "palisade.database.password"));
        var owner = settings.migrationUsername() == null
                ? runtime
                : new DatabaseCredentials(
                        settings.migrationUsername(),
                        password(
                                settings.migrationPassword(),
                                settings.migrationPasswordFile(),
                                "palisade.database.migration-password"));
        return new DatabaseEndpoint(required(url, "palisade.database.url"), runtime, owner);
    }

    @Bean
    SchemaMigration schemaMigration(DatabaseEndpoint endpoint) {
        // Refuse a runtime role that row-level security would not bind before anything is written.
        RuntimeRoleGuard.check(endpoint.jdbcUrl(), endpoint.runtime());
        return SchemaMigration.migrate(endpoint);
    }

    @Bean
    DatabaseInfo databaseInfo(DatabaseSettings settings, DatabaseEndpoint endpoint, SchemaMigration migration) {
        String url = endpoint.jdbcUrl();
        int parameters = url.indexOf('?');
        String location = settings.embedded()
                ? url.replaceFirst("^jdbc:postgresql://([^/]+)/.*$", "$1")
                : parameters < 0 ? url : url.substring(0, parameters);
        return new DatabaseInfo(settings.embedded(), location, migration.schemaVersion());
    }

    @Bean(destroyMethod = "close")
    HikariDataSource dataSource(DatabaseEndpoint endpoint, DatabaseSettings settings, SchemaMigration migrated) {
        var config = new HikariConfig();
        config.setPoolName("palisade");
        config.setJdbcUrl(endpoint.jdbcUrl());
        config.setUsername(endpoint.runtime().username());
        config.setPassword(endpoint.runtime().password());
        config.setMaximumPoolSize(settings.poolSize());
        config.setMinimumIdle(Math.min(2, settings.poolSize()));
        config.addDataSourceProperty("ApplicationName", "palisade");
        // a batch of inserts (a batch of certificates and their audit records) travels as a few multi-row statements
        config.addDataSourceProperty("reWriteBatchedInserts", "true");
        return new HikariDataSource(config);
    }

    private static String required(@Nullable String value, String property) {
        if (value == null || value.isBlank()) {
            throw new IllegalStateException(property + " is required when palisade.database.url is set");
        }
        return value;
    }

    private static String password(@Nullable String password, @Nullable Path file, String property) {
        if (password != null && !password.isEmpty()) {
            return password;
        }
        if (file != null) {
            return SecretFiles.readString(file);
        }
        throw new IllegalStateException(property + " (or " + property + "-file) is required for an external database");
    }
}
