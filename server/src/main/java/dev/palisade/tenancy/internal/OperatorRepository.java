package dev.palisade.tenancy.internal;

import dev.palisade.shared.TenantId;
import dev.palisade.tenancy.Operator;
import dev.palisade.tenancy.OperatorId;
import dev.palisade.tenancy.Role;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** SQL for operators; every statement is filtered by tenant. */
@Repository
public class OperatorRepository {

    private final JdbcClient jdbc;

    OperatorRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public void insert(Operator operator) {
        jdbc.sql("insert into operator (id, tenant_id, name, role, created_at) values (?, ?, ?, ?, ?)")
                .params(
                        operator.id().value(),
                        operator.tenant().value(),
                        operator.name(),
                        operator.role().wireName(),
                        Timestamp.from(operator.createdAt()))
                .update();
    }

    public Optional<Operator> find(TenantId tenant, OperatorId id) {
        return jdbc.sql("select * from operator where tenant_id = ? and id = ?")
                .params(tenant.value(), id.value())
                .query((rs, row) -> TenancyRows.operator(rs))
                .optional();
    }

    /** Locks the operator's row for an update in this transaction. */
    public Optional<Operator> findForUpdate(TenantId tenant, OperatorId id) {
        return jdbc.sql("select * from operator where tenant_id = ? and id = ? for update")
                .params(tenant.value(), id.value())
                .query((rs, row) -> TenancyRows.operator(rs))
                .optional();
    }

    public Optional<Operator> findByName(TenantId tenant, String name) {
        return jdbc.sql("select * from operator where tenant_id = ? and name = ?")
                .params(tenant.value(), name)
                .query((rs, row) -> TenancyRows.operator(rs))
                .optional();
    }

    /** The longest-serving active administrator of the tenant, if any. */
    public Optional<Operator> firstActiveAdmin(TenantId tenant) {
        return jdbc.sql("select * from operator where tenant_id = ? and role = ? and disabled_at is null"
                        + " order by id limit 1")
                .params(tenant.value(), Role.ADMIN.wireName())
                .query((rs, row) -> TenancyRows.operator(rs))
                .optional();
    }

    public boolean nameTaken(TenantId tenant, String name) {
        return jdbc.sql("select exists(select 1 from operator where tenant_id = ? and name = ?)")
                .params(tenant.value(), name)
                .query(Boolean.class)
                .single();
    }

    /** Active administrators other than {@code except}, locked so that two demotions cannot race past zero. */
    public int otherActiveAdmins(TenantId tenant, OperatorId except) {
        return jdbc.sql("""
                        select id from operator
                        where tenant_id = ? and id <> ? and role = ? and disabled_at is null
                        for update""")
                .params(tenant.value(), except.value(), Role.ADMIN.wireName())
                .query(UUID.class)
                .list()
                .size();
    }

    public void update(TenantId tenant, OperatorId id, Role role, @Nullable Instant disabledAt) {
        jdbc.sql("update operator set role = ?, disabled_at = ? where tenant_id = ? and id = ?")
                .param(role.wireName())
                .param(TenancyRows.timestamp(disabledAt))
                .param(tenant.value())
                .param(id.value())
                .update();
    }

    public List<Operator> page(TenantId tenant, @Nullable UUID after, int limit) {
        return jdbc.sql("""
                        select * from operator
                        where tenant_id = ? and id > ?
                        order by id limit ?""")
                .params(tenant.value(), TenancyRows.orFirst(after), limit)
                .query((rs, row) -> TenancyRows.operator(rs))
                .list();
    }
}
