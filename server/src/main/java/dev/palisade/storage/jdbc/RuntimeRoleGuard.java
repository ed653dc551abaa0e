package dev.palisade.storage.jdbc;

import dev.palisade.storage.DatabaseCredentials;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import org.springframework.dao.DataAccessResourceFailureException;

/**
 * Refuses to run with a runtime role that row-level security does not bind: a superuser or a role with BYPASSRLS
 * would see every tenant's rows whenever a query forgets its tenant filter.
 */
final class RuntimeRoleGuard {

    private RuntimeRoleGuard() {}

    static void check(String jdbcUrl, DatabaseCredentials runtime) {
        var properties = new Properties();
        properties.setProperty("user", runtime.username());
        properties.setProperty("password", runtime.password());
        properties.setProperty("ApplicationName", "palisade");
        try (Connection connection = DriverManager.getConnection(jdbcUrl, properties);
                Statement statement = connection.createStatement();
                ResultSet role = statement.executeQuery(
                        "select rolname, rolsuper, rolbypassrls from pg_roles where rolname = current_user")) {
            if (!role.next()) {
                throw new IllegalStateException("cannot read the attributes of the database role in use");
            }
            if (role.getBoolean("rolsuper") || role.getBoolean("rolbypassrls")) {
                throw new IllegalStateException("database role '" + role.getString("rolname")
                        + "' is a superuser or has BYPASSRLS, so row-level security would not isolate tenants;"
                        + " configure palisade.database.username with an ordinary role");
            }
        } catch (SQLException e) {
            throw new DataAccessResourceFailureException("cannot connect to the database: " + e.getMessage(), e);
        }
    }
}
