package dev.palisade.attestation.internal;

import dev.palisade.attestation.AssuranceLevel;
import dev.palisade.attestation.AttestationReason;
import dev.palisade.attestation.AttestationSettings;
import dev.palisade.attestation.ReferenceValues;
import dev.palisade.attestation.Verdict;
import dev.palisade.attestation.VerifierKind;
import dev.palisade.identity.DeviceId;
import dev.palisade.shared.TenantId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** SQL of attestation; every statement is filtered by tenant (and row-level security binds it too). */
@Repository
public class AttestationRepository {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final TypeReference<TreeMap<String, TreeMap<Integer, String>>> PCRS = new TypeReference<>() {};
    private static final TypeReference<TreeMap<String, String>> MEASUREMENTS = new TypeReference<>() {};

    private final JdbcClient jdbc;

    AttestationRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A bound attestation key: its public area ({@code TPMT_PUBLIC}), name and the endorsement key it was bound to. */
    public record BoundKey(byte[] publicArea, byte[] name, byte[] endorsementKeySha256, Instant boundAt) {}

    public Optional<byte[]> expectedEndorsementKey(TenantId tenant, DeviceId device) {
        return jdbc.sql("select ek_sha256 from attestation_endorsement where tenant_id = ? and device_id = ?")
                .params(tenant.value(), device.value())
                .query((rs, row) -> rs.getBytes(1))
                .optional();
    }

    public Optional<Instant> endorsementKeyUpdatedAt(TenantId tenant, DeviceId device) {
        return jdbc.sql("select updated_at from attestation_endorsement where tenant_id = ? and device_id = ?")
                .params(tenant.value(), device.value())
                .query((rs, row) -> rs.getTimestamp(1).toInstant())
                .optional();
    }

    public void expectEndorsementKey(TenantId tenant, DeviceId device, byte[] sha256, Instant at) {
        jdbc.sql("""
                        insert into attestation_endorsement (tenant_id, device_id, ek_sha256, updated_at)
                        values (?, ?, ?, ?)
                        on conflict (tenant_id, device_id) do update set ek_sha256 = excluded.ek_sha256,
                            updated_at = excluded.updated_at""")
                .params(tenant.value(), device.value(), sha256, Timestamp.from(at))
                .update();
    }

    public Optional<BoundKey> boundKey(TenantId tenant, DeviceId device) {
        return jdbc.sql("select * from attestation_key where tenant_id = ? and device_id = ?")
                .params(tenant.value(), device.value())
                .query((rs, row) -> new BoundKey(
                        rs.getBytes("ak_public"),
                        rs.getBytes("ak_name"),
                        rs.getBytes("ek_sha256"),
                        rs.getTimestamp("bound_at").toInstant()))
                .optional();
    }

    public void bindKey(TenantId tenant, DeviceId device, BoundKey key) {
        jdbc.sql("""
                        insert into attestation_key (tenant_id, device_id, ak_public, ak_name, ek_sha256, bound_at)
                        values (?, ?, ?, ?, ?, ?)
                        on conflict (tenant_id, device_id) do update set ak_public = excluded.ak_public,
                            ak_name = excluded.ak_name, ek_sha256 = excluded.ek_sha256, bound_at = excluded.bound_at""")
                .params(
                        tenant.value(),
                        device.value(),
                        key.publicArea(),
                        key.name(),
                        key.endorsementKeySha256(),
                        Timestamp.from(key.boundAt()))
                .update();
    }

    /** Inserts or replaces a release's values; returns whether it was new. */
    public boolean putReference(TenantId tenant, ReferenceValues values) {
        boolean existed = reference(tenant, values.model(), values.release()).isPresent();
        jdbc.sql("""
                        insert into attestation_reference
                            (tenant_id, model, release, pcrs, measurements, created_at, created_by)
                        values (?, ?, ?, ?::jsonb, ?::jsonb, ?, ?)
                        on conflict (tenant_id, model, release) do update set pcrs = excluded.pcrs,
                            measurements = excluded.measurements, created_at = excluded.created_at,
                            created_by = excluded.created_by""")
                .params(
                        tenant.value(),
                        values.model(),
                        values.release(),
                        JSON.writeValueAsString(values.pcrs()),
                        JSON.writeValueAsString(values.measurements()),
                        Timestamp.from(values.createdAt()),
                        values.createdBy())
                .update();
        return !existed;
    }

    public Optional<ReferenceValues> reference(TenantId tenant, String model, String release) {
        return jdbc.sql("select * from attestation_reference where tenant_id = ? and model = ? and release = ?")
                .params(tenant.value(), model, release)
                .query((rs, row) -> reference(rs))
                .optional();
    }

    /** Every release of {@code model}, or of every model when it is null, in model and release order. */
    public List<ReferenceValues> references(TenantId tenant, @Nullable String model) {
        return jdbc.sql("""
                        select * from attestation_reference
                        where tenant_id = ? and (?::text is null or model = ?::text) order by model, release""")
                .param(tenant.value())
                .param(model)
                .param(model)
                .query((rs, row) -> reference(rs))
                .list();
    }

    public boolean deleteReference(TenantId tenant, String model, String release) {
        return jdbc.sql("delete from attestation_reference where tenant_id = ? and model = ? and release = ?")
                        .params(tenant.value(), model, release)
                        .update()
                == 1;
    }

    public AttestationSettings settings(TenantId tenant) {
        return jdbc.sql("select * from attestation_setting where tenant_id = ?")
                .param(tenant.value())
                .query((rs, row) -> {
                    long seconds = rs.getLong("reattest_interval_secs");
                    Duration interval = rs.wasNull() ? null : Duration.ofSeconds(seconds);
                    long reenrolSeconds = rs.getLong("reenrol_requires_pass_secs");
                    Duration reenrolWindow = rs.wasNull() ? null : Duration.ofSeconds(reenrolSeconds);
                    long capSeconds = rs.getLong("certificate_lifetime_from_pass_secs");
                    Duration cap = rs.wasNull() ? null : Duration.ofSeconds(capSeconds);
                    return new AttestationSettings(
                            interval,
                            rs.getBoolean("quarantine_on_failure"),
                            rs.getBoolean("accept_boot_logs"),
                            reenrolWindow,
                            cap);
                })
                .optional()
                .orElse(AttestationSettings.DEFAULTS);
    }

    public void putSettings(TenantId tenant, AttestationSettings settings, Instant at) {
        Duration interval = settings.reattestationInterval();
        Duration reenrolWindow = settings.reenrolmentRequiresPassWithin();
        Duration cap = settings.certificateLifetimeFromPass();
        jdbc.sql("""
                        insert into attestation_setting
                            (tenant_id, reattest_interval_secs, quarantine_on_failure, accept_boot_logs,
                             reenrol_requires_pass_secs, certificate_lifetime_from_pass_secs, updated_at)
                        values (?, ?, ?, ?, ?, ?, ?)
                        on conflict (tenant_id) do update set reattest_interval_secs = excluded.reattest_interval_secs,
                            quarantine_on_failure = excluded.quarantine_on_failure,
                            accept_boot_logs = excluded.accept_boot_logs,
                            reenrol_requires_pass_secs = excluded.reenrol_requires_pass_secs,
                            certificate_lifetime_from_pass_secs = excluded.certificate_lifetime_from_pass_secs,
                            updated_at = excluded.updated_at""")
                .param(tenant.value())
                .param(interval == null ? null : interval.toSeconds())
                .param(settings.quarantineOnFailure())
                .param(settings.acceptBootLogs())
                .param(reenrolWindow == null ? null : reenrolWindow.toSeconds())
                .param(cap == null ? null : cap.toSeconds())
                .param(Timestamp.from(at))
                .update();
    }

    public void insertVerdict(Verdict verdict) {
        jdbc.sql("""
                        insert into attestation_verdict (tenant_id, id, device_id, verified_at, passed, reason,
                            assurance, verifier, release, detail)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .param(verdict.tenant().value())
                .param(verdict.id())
                .param(verdict.device().value())
                .param(Timestamp.from(verdict.verifiedAt()))
                .param(verdict.passed())
                .param(verdict.reason().code())
                .param(verdict.assurance().wireName())
                .param(verdict.verifier().wireName())
                .param(verdict.release())
                .param(verdict.detail())
                .update();
    }

    /** The device's verdicts, newest first, after the verdict {@code before} (exclusive) when given. */
    public List<Verdict> verdicts(TenantId tenant, DeviceId device, @Nullable UUID before, int limit) {
        return jdbc.sql("""
                        select * from attestation_verdict
                        where tenant_id = ? and device_id = ? and (?::uuid is null or id < ?::uuid)
                        order by id desc limit ?""")
                .param(tenant.value())
                .param(device.value())
                .param(before)
                .param(before)
                .param(limit)
                .query((rs, row) -> verdict(rs))
                .list();
    }

    public Optional<Verdict> latestVerdict(TenantId tenant, DeviceId device) {
        return verdicts(tenant, device, null, 1).stream().findFirst();
    }

    /** The newest passing verdict of the device at or above {@code minimum} verified at or after {@code since}. */
    public Optional<Verdict> latestPass(TenantId tenant, DeviceId device, Instant since, AssuranceLevel minimum) {
        List<String> levels = java.util.Arrays.stream(AssuranceLevel.values())
                .filter(level -> level.atLeast(minimum) && level != AssuranceLevel.NONE)
                .map(AssuranceLevel::wireName)
                .toList();
        return jdbc.sql("""
                        select * from attestation_verdict
                        where tenant_id = ? and device_id = ? and passed and verified_at >= ? and assurance = any(?)
                        order by verified_at desc limit 1""")
                .params(tenant.value(), device.value(), Timestamp.from(since), levels.toArray(String[]::new))
                .query((rs, row) -> verdict(rs))
                .optional();
    }

    /** The newest verdict of every device of the tenant that has one. */
    public Map<DeviceId, Verdict> latestVerdicts(TenantId tenant) {
        Map<DeviceId, Verdict> latest = new HashMap<>();
        jdbc.sql("""
                        select distinct on (device_id) * from attestation_verdict
                        where tenant_id = ? order by device_id, verified_at desc, id desc""").param(tenant.value()).query((ResultSet rs) -> {
            Verdict verdict = verdict(rs);
            latest.put(verdict.device(), verdict);
        });
        return latest;
    }

    private static Verdict verdict(ResultSet rs) throws SQLException {
        return new Verdict(
                rs.getObject("id", UUID.class),
                TenantId.of(rs.getObject("tenant_id", UUID.class)),
                DeviceId.of(rs.getString("device_id")),
                rs.getTimestamp("verified_at").toInstant(),
                rs.getBoolean("passed"),
                AttestationReason.fromCode(rs.getString("reason")),
                AssuranceLevel.fromWireName(rs.getString("assurance")),
                VerifierKind.fromWireName(rs.getString("verifier")),
                rs.getString("release"),
                rs.getString("detail"));
    }

    private static ReferenceValues reference(ResultSet rs) throws SQLException {
        SortedMap<String, ? extends SortedMap<Integer, String>> pcrs = JSON.readValue(rs.getString("pcrs"), PCRS);
        return new ReferenceValues(
                rs.getString("model"),
                rs.getString("release"),
                new TreeMap<>(pcrs),
                JSON.readValue(rs.getString("measurements"), MEASUREMENTS),
                rs.getTimestamp("created_at").toInstant(),
                rs.getString("created_by"));
    }
}
