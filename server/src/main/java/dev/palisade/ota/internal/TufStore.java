package dev.palisade.ota.internal;

import dev.palisade.shared.TenantId;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** SQL of the TUF repositories: the per-tenant lock row, the online keys' generations, every metadata version. */
@Repository
public class TufStore {

    /** A server-held key: which custody generation serves a role, and in which state. */
    public record KeyRow(String role, int generation, String keyId, String state) {}

    /** One stored metadata version. */
    public record MetadataRow(String role, long version, byte[] bytes, Instant expires) {}

    private final JdbcClient jdbc;

    TufStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Creates the tenant's repository row unless it exists; returns whether it created it. */
    public boolean createRepository(TenantId tenant, Instant now) {
        return jdbc.sql("insert into tuf_repository (tenant_id, created_at) values (?, ?) on conflict do nothing")
                        .params(tenant.value(), Timestamp.from(now))
                        .update()
                == 1;
    }

    /** Locks the tenant's repository row until the transaction ends; false when the tenant has no repository. */
    public boolean lockRepository(TenantId tenant) {
        return jdbc.sql("select tenant_id from tuf_repository where tenant_id = ? for update")
                .param(tenant.value())
                .query((rs, row) -> rs.getObject(1))
                .optional()
                .isPresent();
    }

    public boolean repositoryExists(TenantId tenant) {
        return jdbc.sql("select count(*) from tuf_repository where tenant_id = ?")
                        .param(tenant.value())
                        .query(Long.class)
                        .single()
                > 0;
    }

    /** Serialises key creation for a tenant that has no repository yet (a transaction-scoped advisory lock). */
    public void lockKeys(TenantId tenant) {
        jdbc.sql("select pg_advisory_xact_lock(hashtextextended('tuf:' || ?, 0))")
                .param(tenant.toString())
                .query((rs, row) -> rs.getObject(1))
                .single();
    }

    public List<KeyRow> keys(TenantId tenant) {
        return jdbc.sql("""
                        select role, generation, key_id, state from tuf_key
                        where tenant_id = ? and state <> 'retired' order by role, generation""")
                .param(tenant.value())
                .query((rs, row) -> new KeyRow(
                        rs.getString("role"), rs.getInt("generation"), rs.getString("key_id"), rs.getString("state")))
                .list();
    }

    public int nextGeneration(TenantId tenant, String role) {
        return jdbc.sql("select coalesce(max(generation), 0) + 1 from tuf_key where tenant_id = ? and role = ?")
                .params(tenant.value(), role)
                .query(Integer.class)
                .single();
    }

    public void insertKey(TenantId tenant, KeyRow key, Instant now) {
        jdbc.sql("""
                        insert into tuf_key (tenant_id, role, generation, key_id, state, created_at)
                        values (?, ?, ?, ?, ?, ?)""")
                .params(tenant.value(), key.role(), key.generation(), key.keyId(), key.state(), Timestamp.from(now))
                .update();
    }

    /** Retires the role's active key and makes its pending one active. */
    public void promotePending(TenantId tenant, String role) {
        jdbc.sql("update tuf_key set state = 'retired' where tenant_id = ? and role = ? and state = 'active'")
                .params(tenant.value(), role)
                .update();
        jdbc.sql("update tuf_key set state = 'active' where tenant_id = ? and role = ? and state = 'pending'")
                .params(tenant.value(), role)
                .update();
    }

    public void insertMetadata(TenantId tenant, MetadataRow metadata, Instant now) {
        jdbc.sql("""
                        insert into tuf_metadata (tenant_id, role, version, bytes, expires_at, created_at)
                        values (?, ?, ?, ?, ?, ?)""")
                .params(
                        tenant.value(),
                        metadata.role(),
                        metadata.version(),
                        metadata.bytes(),
                        Timestamp.from(metadata.expires()),
                        Timestamp.from(now))
                .update();
    }

    /** The newest version of {@code role}'s metadata. */
    public Optional<MetadataRow> latest(TenantId tenant, String role) {
        return jdbc.sql("""
                        select role, version, bytes, expires_at from tuf_metadata
                        where tenant_id = ? and role = ? order by version desc limit 1""")
                .params(tenant.value(), role)
                .query(TufStore::metadata)
                .optional();
    }

    public Optional<MetadataRow> version(TenantId tenant, String role, long version) {
        return jdbc.sql("""
                        select role, version, bytes, expires_at from tuf_metadata
                        where tenant_id = ? and role = ? and version = ?""")
                .params(tenant.value(), role, version)
                .query(TufStore::metadata)
                .optional();
    }

    private static MetadataRow metadata(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
        return new MetadataRow(
                rs.getString("role"),
                rs.getLong("version"),
                rs.getBytes("bytes"),
                rs.getTimestamp("expires_at").toInstant());
    }
}
