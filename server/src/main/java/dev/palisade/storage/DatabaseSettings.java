package dev.palisade.storage;

import java.nio.file.Path;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where Palisade's PostgreSQL is. With no {@code url}, an embedded PostgreSQL runs in the data directory. With a URL,
 * Palisade uses that server: {@code username} is the runtime role (it must not be a superuser or bypass row-level
 * security) and {@code migration-username} the role that owns the schema and runs migrations (defaults to the runtime
 * role, which then owns the tables; row-level security is forced on table owners too). Passwords come from the
 * environment or from files, never from code.
 *
 * @param url JDBC URL of an external PostgreSQL, for example {@code jdbc:postgresql://db:5432/palisade}
 * @param username runtime role
 * @param password runtime role's password
 * @param passwordFile file holding the runtime role's password (alternative to {@code password})
 * @param migrationUsername schema owner used for migrations
 * @param migrationPassword schema owner's password
 * @param migrationPasswordFile file holding the schema owner's password
 * @param poolSize connections in the runtime pool
 * @param embeddedOwnership what to do with an embedded PostgreSQL that is already running for the data directory:
 *     {@code take-over} (the server: adopt it and stop it on shutdown) or {@code share} (tools that run beside a
 *     server: use it and leave it running)
 */
@ConfigurationProperties("palisade.database")
public record DatabaseSettings(
        @Nullable String url,
        @Nullable String username,
        @Nullable String password,
        @Nullable Path passwordFile,
        @Nullable String migrationUsername,
        @Nullable String migrationPassword,
        @Nullable Path migrationPasswordFile,
        @DefaultValue("10") int poolSize,
        @DefaultValue("take-over") Ownership embeddedOwnership) {

    public DatabaseSettings {
        if (poolSize < 1 || poolSize > 200) {
            throw new IllegalArgumentException("palisade.database.pool-size must be between 1 and 200");
        }
        if (url != null && url.isBlank()) {
            url = null;
        }
        if (url != null && !url.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("palisade.database.url must be a jdbc:postgresql: URL");
        }
    }

    public boolean embedded() {
        return url == null;
    }
}
