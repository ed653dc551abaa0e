package dev.palisade.storage.internal;

import dev.palisade.storage.DatabaseCredentials;
import dev.palisade.storage.EmbeddedPostgresException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.postgresql.util.PasswordUtil;

/**
 * Makes the database and roles Palisade connects with exist and match their password files. It runs on every start,
 * not only after initdb, so that a crash during first set-up is repaired and a regenerated password file never locks
 * the application out.
 */
public final class DatabaseProvisioner {

    /** Owner of the database and its schema; runs migrations. Not a superuser, cannot bypass row-level security. */
    static final String OWNER_ATTRIBUTES = "LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS";

    /**
     * The application's runtime role. NOINHERIT so that a grant of another role never silently widens what it may do;
     * NOBYPASSRLS so that row-level security (tenant isolation) always applies to it.
     */
    static final String APP_ATTRIBUTES =
            "LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS NOINHERIT";

    private DatabaseProvisioner() {}

    /**
     * Creates or updates {@code owner} and {@code app} and the database {@code database} owned by {@code owner}, which
     * only {@code owner} and {@code app} may connect to. Connects as {@code superuser} to the server on {@code port}.
     */
    public static void provision(
            int port,
            String database,
            DatabaseCredentials superuser,
            DatabaseCredentials owner,
            DatabaseCredentials app) {
        try (Connection connection = JdbcConnections.open(port, "postgres", superuser, Duration.ofSeconds(10));
                Statement statement = connection.createStatement()) {
            ensureRole(connection, owner, OWNER_ATTRIBUTES);
            ensureRole(connection, app, APP_ATTRIBUTES);
            if (!exists(connection, "SELECT 1 FROM pg_database WHERE datname = ?", database)) {
                statement.execute("CREATE DATABASE " + identifier(database) + " OWNER " + identifier(owner.username())
                        + " ENCODING 'UTF8' TEMPLATE template0");
            }
            statement.execute("ALTER DATABASE " + identifier(database) + " OWNER TO " + identifier(owner.username()));
            statement.execute("REVOKE ALL ON DATABASE " + identifier(database) + " FROM PUBLIC");
            statement.execute(
                    "GRANT CONNECT ON DATABASE " + identifier(database) + " TO " + identifier(app.username()));
            // The maintenance database is for the superuser only.
            statement.execute("REVOKE CONNECT, TEMPORARY ON DATABASE postgres FROM PUBLIC");
        } catch (SQLException e) {
            throw new EmbeddedPostgresException(
                    "cannot create the database " + database + " and its roles " + owner.username() + " and "
                            + app.username() + " (PostgreSQL on port " + port + ")",
                    e);
        }
    }

    private static void ensureRole(Connection connection, DatabaseCredentials role, String attributes)
            throws SQLException {
        try (Statement statement = connection.createStatement()) {
            if (!exists(connection, "SELECT 1 FROM pg_roles WHERE rolname = ?", role.username())) {
                statement.execute("CREATE ROLE " + identifier(role.username()));
            }
            statement.execute("ALTER ROLE " + identifier(role.username()) + " WITH " + attributes);
        }
        // Hashed here (SCRAM-SHA-256), so the plain password never reaches the server, its logs or pg_stat_activity.
        String verifier = PasswordUtil.encodeScramSha256(role.password().toCharArray());
        try (Statement statement = connection.createStatement()) {
            statement.execute("ALTER ROLE " + identifier(role.username()) + " PASSWORD " + literal(verifier));
        }
    }

    private static boolean exists(Connection connection, String query, String name) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(query)) {
            statement.setString(1, name);
            try (ResultSet result = statement.executeQuery()) {
                return result.next();
            }
        }
    }

    /** Quotes an SQL string literal (standard_conforming_strings is on). */
    static String literal(String value) {
        return "'" + value.replace("'", "''") + "'";
    }

    /** Quotes an SQL identifier; DDL takes no bind parameters. */
    static String identifier(String name) {
        return '"' + name.replace("\"", "\"\"") + '"';
    }
}
