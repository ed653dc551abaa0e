package dev.palisade.provisioning.internal;

import dev.palisade.provisioning.Recall;
import dev.palisade.shared.TenantId;
import java.sql.Timestamp;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** SQL for the recall list; every statement is filtered by tenant. */
@Repository
public class RecallRepository {

    private final JdbcClient jdbc;

    RecallRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Inserts the recall; false when it is on the list already. */
    public boolean insert(TenantId tenant, Recall recall) {
        return jdbc.sql("""
                        insert into device_recall (tenant_id, kind, value, reason, created_at) values (?, ?, ?, ?, ?)
                        on conflict do nothing""")
                        .params(
                                tenant.value(),
                                recall.kind().wireName(),
                                recall.value(),
                                recall.reason(),
                                Timestamp.from(recall.createdAt()))
                        .update()
                == 1;
    }

    public boolean delete(TenantId tenant, Recall.Kind kind, String value) {
        return jdbc.sql("delete from device_recall where tenant_id = ? and kind = ? and value = ?")
                        .params(tenant.value(), kind.wireName(), value)
                        .update()
                == 1;
    }

    public List<Recall> list(TenantId tenant) {
        return jdbc.sql("select * from device_recall where tenant_id = ? order by kind, value")
                .param(tenant.value())
                .query((rs, row) -> new Recall(
                        Recall.Kind.fromWireName(rs.getString("kind")),
                        rs.getString("value"),
                        rs.getString("reason"),
                        rs.getTimestamp("created_at").toInstant()))
                .list();
    }

    /** Whether the device id, or the serial when there is one, is on the list. */
    public boolean recalled(TenantId tenant, String device, @Nullable String serial) {
        return jdbc.sql("""
                        select exists (select 1 from device_recall where tenant_id = ?
                                       and ((kind = 'device' and value = ?) or (kind = 'serial' and value = ?)))""")
                .param(tenant.value())
                .param(device)
                .param(serial)
                .query(Boolean.class)
                .single();
    }
}
