package dev.palisade.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.palisade.shared.TenantId;
import dev.palisade.support.WithServer;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The second layer of tenant isolation: queries that deliberately forget the tenant filter, run as the application's
 * own database role, still see only the tenant named in the transaction.
 */
class RowLevelSecurityIT extends WithServer {

    @Autowired
    TenantTransactions transactions;

    @Autowired
    JdbcClient jdbc;

    @Test
    void unscopedQueryInOneTenantsTransactionSeesOnlyThatTenantsRows() {
        TestTenant first = newTenant();
        TestTenant second = newTenant();

        List<UUID> tenantsOfOperatorsSeen = transactions.readInTenant(
                TenantId.parse(first.id()),
                () -> jdbc.sql("select tenant_id from operator") // no tenant filter, on purpose
                        .query(UUID.class)
                        .list());

        assertThat(tenantsOfOperatorsSeen)
                .isNotEmpty()
                .allMatch(id -> id.toString().equals(first.id()));
        assertThat(tenantsOfOperatorsSeen).noneMatch(id -> id.toString().equals(second.id()));
    }

    @Test
    void unscopedQueriesOutsideATenantTransactionSeeNoTenantRowsAtAll() throws SQLException {
        newTenant();

        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement()) {
            for (String table : List.of(
                    "tenant",
                    "operator",
                    "api_token",
                    "audit_record",
                    "audit_checkpoint",
                    "audit_node",
                    "audit_tree_head",
                    "idempotency_key")) {
                try (ResultSet rows = statement.executeQuery("select count(*) from " + table)) {
                    rows.next();
                    assertThat(rows.getLong(1)).as(table).isZero();
                }
            }
        }
    }

    @Test
    void runtimeRoleCannotWriteRowsIntoAnotherTenant() {
        TestTenant mine = newTenant();
        TestTenant theirs = newTenant();

        assertThatThrownBy(() -> transactions.inTenant(
                        TenantId.parse(mine.id()),
                        () -> jdbc.sql(
                                        "insert into operator (id, tenant_id, name, role, created_at) values (?, ?, 'x', 'admin', now())")
                                .params(UUID.randomUUID(), UUID.fromString(theirs.id()))
                                .update()))
                .rootCause()
                .hasMessageContaining("row-level security");
    }

    @Test
    void runtimeRoleCannotSwitchRowLevelSecurityOffNorBypassIt() throws SQLException {
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement()) {
            try (ResultSet role = statement.executeQuery(
                    "select rolsuper, rolbypassrls from pg_roles where rolname = current_user")) {
                role.next();
                assertThat(role.getBoolean("rolsuper")).isFalse();
                assertThat(role.getBoolean("rolbypassrls")).isFalse();
            }
            connection.setAutoCommit(false);
            try {
                statement.execute("set local row_security = off");
                assertThatThrownBy(() -> statement.executeQuery("select count(*) from operator"))
                        .hasMessageContaining("row-level security");
            } finally {
                connection.rollback();
                connection.setAutoCommit(true);
            }
        }
    }

    @Test
    void runtimeRoleCannotRewriteOrDeleteAuditRecords() {
        TestTenant tenant = newTenant();

        List<String> refusals = new ArrayList<>();
        for (String sql : List.of(
                "update audit_record set action = 'forged.action' where tenant_id = ?",
                "delete from audit_record where tenant_id = ?",
                "delete from audit_checkpoint where tenant_id = ?")) {
            try {
                transactions.inTenant(
                        TenantId.parse(tenant.id()),
                        () -> jdbc.sql(sql).param(UUID.fromString(tenant.id())).update());
            } catch (RuntimeException refused) {
                refusals.add(String.valueOf(
                        org.assertj.core.util.Throwables.getRootCause(refused).getMessage()));
            }
        }

        assertThat(refusals).hasSize(3).allMatch(message -> message.contains("permission denied"));
    }
}
