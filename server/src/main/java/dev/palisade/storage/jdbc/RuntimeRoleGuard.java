package dev.palisade.storage.jdbc;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.springframework.dao.DataAccessResourceFailureException;

/**
 * Refuses to run with a runtime role that row-level security does not bind: a superuser or a role with BYPASSRLS
 * would see every tenant's rows whenever a query forgets its tenant filter.
 */
final class RuntimeRoleGuard {

    private RuntimeRoleGuard() {}

    static void check(DataSource dataSource) {
        try (Connection connection = dataSource.getConnection();
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
