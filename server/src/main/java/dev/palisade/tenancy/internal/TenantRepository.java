package dev.palisade.tenancy.internal;

import dev.palisade.shared.TenantId;
import dev.palisade.tenancy.Tenant;
import java.sql.Timestamp;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** SQL for tenants. Reading another tenant's row needs the platform scope (see TenantTransactions). */
@Repository
public class TenantRepository {

    private final JdbcClient jdbc;

    TenantRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public void insert(Tenant tenant) {
        jdbc.sql("insert into tenant (id, slug, display_name, platform, created_at) values (?, ?, ?, ?, ?)")
                .params(
                        tenant.id().value(),
                        tenant.slug(),
                        tenant.displayName(),
                        tenant.platform(),
                        Timestamp.from(tenant.createdAt()))
                .update();
    }

    public Optional<Tenant> find(TenantId id) {
        return jdbc.sql("select * from tenant where id = ?")
                .param(id.value())
                .query((rs, row) -> TenancyRows.tenant(rs))
                .optional();
    }

    public Optional<Tenant> findBySlug(String slug) {
        return jdbc.sql("select * from tenant where slug = ?")
                .param(slug)
                .query((rs, row) -> TenancyRows.tenant(rs))
                .optional();
    }

    public Optional<Tenant> findPlatform() {
        return jdbc.sql("select * from tenant where platform")
                .query((rs, row) -> TenancyRows.tenant(rs))
                .optional();
    }

    public List<Tenant> page(@Nullable UUID after, int limit) {
        return jdbc.sql("select * from tenant where id > ? order by id limit ?")
                .params(TenancyRows.orFirst(after), limit)
                .query((rs, row) -> TenancyRows.tenant(rs))
                .list();
    }
}
