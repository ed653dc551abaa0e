package dev.palisade.api.idempotency;

import dev.palisade.shared.TenantId;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** SQL for stored first responses, always filtered by tenant. */
@Repository
class IdempotencyRecords {

    private final JdbcClient jdbc;

    IdempotencyRecords(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Serialises requests that carry the same key until the end of the transaction. */
    void lock(TenantId tenant, String principal, String key) {
        jdbc.sql("select pg_advisory_xact_lock(hashtextextended(?, 0))")
                .param("idempotency:" + tenant + ":" + principal + ":" + key)
                .query((rs, row) -> 1)
                .single();
    }

    Optional<StoredResponse> find(TenantId tenant, String principal, String key) {
        return jdbc.sql("""
                        select request_fingerprint, response_status, response_body, created_at
                        from idempotency_key
                        where tenant_id = ? and principal = ? and idempotency_key = ?""")
                .params(tenant.value(), principal, key)
                .query((rs, row) -> new StoredResponse(
                        rs.getBytes("request_fingerprint"),
                        rs.getInt("response_status"),
                        rs.getString("response_body"),
                        rs.getTimestamp("created_at").toInstant()))
                .optional();
    }

    void insert(
            TenantId tenant, String principal, String key, byte[] fingerprint, int status, String body, Instant at) {
        jdbc.sql("""
                        insert into idempotency_key (tenant_id, principal, idempotency_key, request_fingerprint,
                                                     response_status, response_body, created_at)
                        values (?, ?, ?, ?, ?, ?, ?)""")
                .params(tenant.value(), principal, key, fingerprint, status, body, Timestamp.from(at))
                .update();
    }

    void delete(TenantId tenant, String principal, String key) {
        jdbc.sql("delete from idempotency_key where tenant_id = ? and principal = ? and idempotency_key = ?")
                .params(tenant.value(), principal, key)
                .update();
    }

    int deleteOlderThan(TenantId tenant, Instant cutoff) {
        return jdbc.sql("delete from idempotency_key where tenant_id = ? and created_at < ?")
                .params(tenant.value(), Timestamp.from(cutoff))
                .update();
    }

    record StoredResponse(byte[] fingerprint, int status, String body, Instant createdAt) {}
}
