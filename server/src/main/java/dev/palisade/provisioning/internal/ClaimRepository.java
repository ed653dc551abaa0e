package dev.palisade.provisioning.internal;

import dev.palisade.identity.DeviceId;
import dev.palisade.provisioning.ClaimState;
import dev.palisade.provisioning.DeviceClaim;
import dev.palisade.shared.TenantId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** SQL for device claims and the nonces devices prove them against; every statement is filtered by tenant. */
@Repository
public class ClaimRepository {

    private static final String SELECT = """
            select c.*, m.name as manufacturer_name from device_claim c
            join manufacturer m on m.tenant_id = c.tenant_id and m.id = c.manufacturer_id
            """;

    private final JdbcClient jdbc;

    ClaimRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A claim's code as stored: never the code, only its salted hash. */
    public record StoredCode(byte[] salt, byte[] hash, int iterations) {}

    /** A nonce issued for a claim proof, looked up by its hash. */
    public record IssuedNonce(
            UUID claim,
            byte[] bootstrapSha256,
            Instant expiresAt,
            @Nullable Instant usedAt) {}

    public void insert(DeviceClaim claim, StoredCode code) {
        jdbc.sql("""
                        insert into device_claim (tenant_id, id, manufacturer_id, serial, device_id, model, code_salt,
                                                  code_hash, code_iterations, state, created_at, created_by,
                                                  expires_at)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .param(claim.tenant().value())
                .param(claim.id())
                .param(claim.manufacturer())
                .param(claim.serial())
                .param(claim.device().value())
                .param(claim.model())
                .param(code.salt())
                .param(code.hash())
                .param(code.iterations())
                .param(claim.state().wireName())
                .param(Timestamp.from(claim.createdAt()))
                .param(claim.createdBy())
                .param(Timestamp.from(claim.expiresAt()))
                .update();
    }

    /**
     * Marks as expired the claims still in play for the device id, or for the device as its certificate names it,
     * whose time has run out: they no longer hold the place a new claim takes.
     */
    public void expireLapsed(TenantId tenant, DeviceId device, UUID manufacturer, String serial, Instant now) {
        jdbc.sql("""
                        update device_claim set state = 'expired', ended_at = expires_at
                        where tenant_id = ? and state in ('open', 'proven') and expires_at <= ?
                          and (device_id = ? or (manufacturer_id = ? and serial = ?))""")
                .params(tenant.value(), Timestamp.from(now), device.value(), manufacturer, serial)
                .update();
    }

    /** A claim still in play (open or proven, whatever its expiry) for the device id or the certificate's device. */
    public Optional<DeviceClaim> live(TenantId tenant, DeviceId device, UUID manufacturer, String serial) {
        return jdbc.sql(SELECT + """
                        where c.tenant_id = ? and c.state in ('open', 'proven')
                          and (c.device_id = ? or (c.manufacturer_id = ? and c.serial = ?))
                        limit 1""")
                .params(tenant.value(), device.value(), manufacturer, serial)
                .query((rs, row) -> claim(rs))
                .optional();
    }

    public Optional<DeviceClaim> find(TenantId tenant, UUID id) {
        return jdbc.sql(SELECT + "where c.tenant_id = ? and c.id = ?")
                .params(tenant.value(), id)
                .query((rs, row) -> claim(rs))
                .optional();
    }

    /** The claim, its row locked until the transaction ends. */
    public Optional<DeviceClaim> lock(TenantId tenant, UUID id) {
        return jdbc.sql(SELECT + "where c.tenant_id = ? and c.id = ? for update of c")
                .params(tenant.value(), id)
                .query((rs, row) -> claim(rs))
                .optional();
    }

    /** The newest claim on the device as its bootstrap certificate names it, in whatever state. */
    public Optional<DeviceClaim> newestFor(TenantId tenant, UUID manufacturer, String serial) {
        return jdbc.sql(SELECT + """
                        where c.tenant_id = ? and c.manufacturer_id = ? and c.serial = ?
                        order by c.created_at desc, c.id desc limit 1""")
                .params(tenant.value(), manufacturer, serial)
                .query((rs, row) -> claim(rs))
                .optional();
    }

    /** The newest claim the bootstrap certificate proved, in whatever state it is now. */
    public Optional<DeviceClaim> newestProvenBy(TenantId tenant, UUID manufacturer, byte[] bootstrapSha256) {
        return jdbc.sql(SELECT + """
                        where c.tenant_id = ? and c.manufacturer_id = ? and c.proven_bootstrap_sha256 = ?
                        order by c.proven_at desc, c.id desc limit 1""")
                .params(tenant.value(), manufacturer, bootstrapSha256)
                .query((rs, row) -> claim(rs))
                .optional();
    }

    /**
     * A page of the tenant's claims, newest first; with {@code state}, only those in that state at {@code now} (an
     * open or proven claim whose time has run out counts as expired).
     */
    public List<DeviceClaim> page(
            TenantId tenant, @Nullable ClaimState state, Instant now, @Nullable String before, int limit) {
        String live = "c.state in ('open', 'proven')";
        String filter = state == null
                ? "true"
                : state == ClaimState.EXPIRED
                        ? "(c.state = 'expired' or (" + live + " and c.expires_at <= ?))"
                        : state.live() ? "(c.state = ? and c.expires_at > ?)" : "c.state = ?";
        var statement = jdbc.sql(SELECT + "where c.tenant_id = ? and (?::uuid is null or c.id < ?::uuid) and " + filter
                        + " order by c.id desc limit ?")
                .param(tenant.value())
                .param(before)
                .param(before);
        if (state == ClaimState.EXPIRED) {
            statement = statement.param(Timestamp.from(now));
        } else if (state != null) {
            statement = statement.param(state.wireName());
            if (state.live()) {
                statement = statement.param(Timestamp.from(now));
            }
        }
        return statement.param(limit).query((rs, row) -> claim(rs)).list();
    }

    public StoredCode code(TenantId tenant, UUID id) {
        return jdbc.sql("select code_salt, code_hash, code_iterations from device_claim where tenant_id = ? and id = ?")
                .params(tenant.value(), id)
                .query((rs, row) -> new StoredCode(
                        rs.getBytes("code_salt"), rs.getBytes("code_hash"), rs.getInt("code_iterations")))
                .single();
    }

    public void markProven(TenantId tenant, UUID id, Instant at, byte[] bootstrapSha256) {
        jdbc.sql("""
                        update device_claim set state = 'proven', proven_at = ?, proven_bootstrap_sha256 = ?
                        where tenant_id = ? and id = ?""")
                .params(Timestamp.from(at), bootstrapSha256, tenant.value(), id)
                .update();
    }

    /** Counts a wrong code; returns how many the claim has taken now. */
    public int countWrongCode(TenantId tenant, UUID id) {
        return jdbc.sql("""
                        update device_claim set failed_attempts = failed_attempts + 1 where tenant_id = ? and id = ?
                        returning failed_attempts""").params(tenant.value(), id).query(Integer.class).single();
    }

    /** Ends a claim in play: used, cancelled or locked. */
    public void end(TenantId tenant, UUID id, ClaimState state, Instant at, String by) {
        jdbc.sql("update device_claim set state = ?, ended_at = ?, ended_by = ? where tenant_id = ? and id = ?")
                .params(state.wireName(), Timestamp.from(at), by, tenant.value(), id)
                .update();
    }

    public void markUsed(TenantId tenant, UUID id, Instant at, String requestId) {
        jdbc.sql("""
                        update device_claim set state = 'used', ended_at = ?, ended_by = ?, used_by_request = ?
                        where tenant_id = ? and id = ?""")
                .params(Timestamp.from(at), "request:" + requestId, requestId, tenant.value(), id)
                .update();
    }

    public void insertNonce(
            TenantId tenant,
            byte[] nonceSha256,
            UUID claim,
            byte[] bootstrapSha256,
            Instant issuedAt,
            Instant expiresAt) {
        jdbc.sql("""
                        insert into device_claim_nonce (tenant_id, nonce_sha256, claim_id, bootstrap_sha256, issued_at,
                                                        expires_at)
                        values (?, ?, ?, ?, ?, ?)""")
                .params(
                        tenant.value(),
                        nonceSha256,
                        claim,
                        bootstrapSha256,
                        Timestamp.from(issuedAt),
                        Timestamp.from(expiresAt))
                .update();
    }

    /** Nonces of the claim that are neither used nor expired at {@code now}. */
    public int outstandingNonces(TenantId tenant, UUID claim, Instant now) {
        return jdbc.sql("""
                        select count(*) from device_claim_nonce
                        where tenant_id = ? and claim_id = ? and used_at is null and expires_at > ?""")
                .params(tenant.value(), claim, Timestamp.from(now))
                .query(Integer.class)
                .single();
    }

    /** Forgets the claim's nonces that expired before {@code before}: a replay of one is then refused as unknown. */
    public void forgetNonces(TenantId tenant, UUID claim, Instant before) {
        jdbc.sql("delete from device_claim_nonce where tenant_id = ? and claim_id = ? and expires_at < ?")
                .params(tenant.value(), claim, Timestamp.from(before))
                .update();
    }

    /** The nonce, its row locked until the transaction ends, so that two proofs cannot both use it. */
    public Optional<IssuedNonce> lockNonce(TenantId tenant, byte[] nonceSha256) {
        return jdbc.sql("select * from device_claim_nonce where tenant_id = ? and nonce_sha256 = ? for update")
                .params(tenant.value(), nonceSha256)
                .query((rs, row) -> {
                    Timestamp used = rs.getTimestamp("used_at");
                    return new IssuedNonce(
                            rs.getObject("claim_id", UUID.class),
                            rs.getBytes("bootstrap_sha256"),
                            rs.getTimestamp("expires_at").toInstant(),
                            used == null ? null : used.toInstant());
                })
                .optional();
    }

    public void useNonce(TenantId tenant, byte[] nonceSha256, Instant at) {
        jdbc.sql("update device_claim_nonce set used_at = ? where tenant_id = ? and nonce_sha256 = ?")
                .params(Timestamp.from(at), tenant.value(), nonceSha256)
                .update();
    }

    private static DeviceClaim claim(ResultSet rs) throws SQLException {
        Timestamp proven = rs.getTimestamp("proven_at");
        Timestamp ended = rs.getTimestamp("ended_at");
        return new DeviceClaim(
                TenantId.of(rs.getObject("tenant_id", UUID.class)),
                rs.getObject("id", UUID.class),
                rs.getObject("manufacturer_id", UUID.class),
                rs.getString("manufacturer_name"),
                rs.getString("serial"),
                DeviceId.of(rs.getString("device_id")),
                rs.getString("model"),
                ClaimState.fromWireName(rs.getString("state")),
                rs.getInt("failed_attempts"),
                rs.getTimestamp("created_at").toInstant(),
                rs.getString("created_by"),
                rs.getTimestamp("expires_at").toInstant(),
                proven == null ? null : proven.toInstant(),
                rs.getBytes("proven_bootstrap_sha256"),
                ended == null ? null : ended.toInstant(),
                rs.getString("ended_by"));
    }
}
