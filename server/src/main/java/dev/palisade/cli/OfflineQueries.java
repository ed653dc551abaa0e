package dev.palisade.cli;

import dev.palisade.storage.Installation;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** The few reads offline tools need before a feature can take over: which installation, which tenants. */
final class OfflineQueries {

    private OfflineQueries() {}

    record TenantRow(UUID id, String slug) {}

    static Installation installation(Connection connection) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("select id from installation");
                ResultSet rs = statement.executeQuery()) {
            if (!rs.next()) {
                throw new IllegalStateException("the database holds no Palisade installation");
            }
            return new Installation(rs.getObject(1, UUID.class));
        }
    }

    /** Tenants in slug order, read with the platform scope that row-level security requires for the registry. */
    static List<TenantRow> tenants(Connection connection, @Nullable String slug) throws SQLException {
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try (PreparedStatement scope =
                        connection.prepareStatement("select set_config('palisade.platform', 'on', true)");
                PreparedStatement query = connection.prepareStatement(
                        "select id, slug from tenant where (?::text is null or slug = ?::text) order by slug")) {
            scope.execute();
            query.setString(1, slug);
            query.setString(2, slug);
            List<TenantRow> tenants = new ArrayList<>();
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    tenants.add(new TenantRow(rs.getObject("id", UUID.class), rs.getString("slug")));
                }
            }
            return tenants;
        } finally {
            connection.rollback();
            connection.setAutoCommit(autoCommit);
        }
    }
}
