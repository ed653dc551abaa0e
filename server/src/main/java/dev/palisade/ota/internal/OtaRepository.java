package dev.palisade.ota.internal;

import dev.palisade.identity.DeviceId;
import dev.palisade.ota.Artifact;
import dev.palisade.ota.ArtifactId;
import dev.palisade.ota.Release;
import dev.palisade.ota.ReleaseId;
import dev.palisade.ota.ReleaseState;
import dev.palisade.ota.Sha256;
import dev.palisade.ota.UpdateTier;
import dev.palisade.shared.TenantId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** SQL of over-the-air updates; every statement is filtered by tenant (and row-level security binds it too). */
@Repository
public class OtaRepository {

    private static final String RELEASE_COLUMNS = """
            r.tenant_id, r.id, r.model, r.hardware_revision, r.version, r.tier, r.security_version, r.artifact_id,
            r.state, r.created_at, r.created_by, r.published_at, r.published_by, a.name as artifact_name, a.sha256,
            a.length""";

    private final JdbcClient jdbc;

    OtaRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Inserts the artifact unless the tenant already has its content; returns whether it inserted. */
    public boolean insertArtifact(Artifact artifact) {
        return jdbc.sql("""
                        insert into ota_artifact (tenant_id, id, name, sha256, length, created_at, created_by)
                        values (?, ?, ?, ?, ?, ?, ?)
                        on conflict (tenant_id, sha256) do nothing""")
                        .params(
                                artifact.tenant().value(),
                                artifact.id().value(),
                                artifact.name(),
                                artifact.sha256().hex(),
                                artifact.length(),
                                Timestamp.from(artifact.createdAt()),
                                artifact.createdBy())
                        .update()
                == 1;
    }

    public Optional<Artifact> artifact(TenantId tenant, ArtifactId id) {
        return jdbc.sql("select * from ota_artifact where tenant_id = ? and id = ?")
                .params(tenant.value(), id.value())
                .query(OtaRepository::artifact)
                .optional();
    }

    public Optional<Artifact> artifactWithContent(TenantId tenant, Sha256 sha256) {
        return jdbc.sql("select * from ota_artifact where tenant_id = ? and sha256 = ?")
                .params(tenant.value(), sha256.hex())
                .query(OtaRepository::artifact)
                .optional();
    }

    /** Artifacts in id (upload time) order after {@code after}; {@code limit} rows at most. */
    public List<Artifact> artifacts(TenantId tenant, @Nullable String after, int limit) {
        return jdbc.sql("""
                        select * from ota_artifact where tenant_id = ? and (?::uuid is null or id > ?::uuid)
                        order by id limit ?""")
                .param(tenant.value())
                .param(after)
                .param(after)
                .param(limit)
                .query(OtaRepository::artifact)
                .list();
    }

    public void insertRelease(Release release) {
        jdbc.sql("""
                        insert into ota_release (tenant_id, id, model, hardware_revision, version, tier,
                            security_version, artifact_id, state, created_at, created_by)
                        values (?, ?, ?, ?, ?, ?, ?, ?, 'draft', ?, ?)""")
                .params(
                        release.tenant().value(),
                        release.id().value(),
                        release.model(),
                        release.hardwareRevision(),
                        release.version(),
                        release.tier().wireName(),
                        release.securityVersion(),
                        release.artifact().value(),
                        Timestamp.from(release.createdAt()),
                        release.createdBy())
                .update();
    }

    public boolean releaseExists(
            TenantId tenant, String model, String hardwareRevision, UpdateTier tier, String version) {
        return jdbc.sql("""
                        select exists (select 1 from ota_release where tenant_id = ? and model = ?
                            and hardware_revision = ? and tier = ? and version = ?)""")
                .params(tenant.value(), model, hardwareRevision, tier.wireName(), version)
                .query(Boolean.class)
                .single();
    }

    public Optional<Release> release(TenantId tenant, ReleaseId id) {
        return jdbc.sql("select " + RELEASE_COLUMNS + """
                         from ota_release r join ota_artifact a on a.tenant_id = r.tenant_id and a.id = r.artifact_id
                        where r.tenant_id = ? and r.id = ?""")
                .params(tenant.value(), id.value())
                .query(OtaRepository::release)
                .optional();
    }

    /** Locks the release's row until the transaction ends. */
    public boolean lockRelease(TenantId tenant, ReleaseId id) {
        return jdbc.sql("select id from ota_release where tenant_id = ? and id = ? for update")
                .params(tenant.value(), id.value())
                .query((rs, row) -> rs.getObject(1))
                .optional()
                .isPresent();
    }

    /** Releases in id (creation time) order after {@code after}, narrowed by whichever filters are given. */
    public List<Release> releases(
            TenantId tenant,
            @Nullable String model,
            @Nullable String hardwareRevision,
            @Nullable UpdateTier tier,
            @Nullable ReleaseState state,
            @Nullable String after,
            int limit) {
        String tierName = tier == null ? null : tier.wireName();
        String stateName = state == null ? null : state.wireName();
        return jdbc.sql("select " + RELEASE_COLUMNS + """
                         from ota_release r join ota_artifact a on a.tenant_id = r.tenant_id and a.id = r.artifact_id
                        where r.tenant_id = ?
                          and (?::text is null or r.model = ?::text)
                          and (?::text is null or r.hardware_revision = ?::text)
                          and (?::text is null or r.tier = ?::text)
                          and (?::text is null or r.state = ?::text)
                          and (?::uuid is null or r.id > ?::uuid)
                        order by r.id limit ?""")
                .param(tenant.value())
                .param(model)
                .param(model)
                .param(hardwareRevision)
                .param(hardwareRevision)
                .param(tierName)
                .param(tierName)
                .param(stateName)
                .param(stateName)
                .param(after)
                .param(after)
                .param(limit)
                .query(OtaRepository::release)
                .list();
    }

    /**
     * Serialises publications of one model, hardware revision and tier until the transaction ends, so the floor read
     * next cannot change before the publication commits.
     */
    public void lockFloor(TenantId tenant, String model, String hardwareRevision, UpdateTier tier) {
        jdbc.sql("select pg_advisory_xact_lock(hashtextextended(?, 0))")
                .param("ota-floor/" + tenant + "/" + model + "/" + hardwareRevision + "/" + tier.wireName())
                .query((rs, row) -> rs.getObject(1))
                .list();
    }

    /** The highest security version published (or published and since withdrawn) for the model, revision and tier. */
    public OptionalLong securityFloor(TenantId tenant, String model, String hardwareRevision, UpdateTier tier) {
        long floor = jdbc.sql("""
                        select coalesce(max(security_version), -1) from ota_release where tenant_id = ? and model = ?
                            and hardware_revision = ? and tier = ? and state <> 'draft'""")
                .params(tenant.value(), model, hardwareRevision, tier.wireName())
                .query(Long.class)
                .single();
        return floor < 0 ? OptionalLong.empty() : OptionalLong.of(floor);
    }

    public void markPublished(TenantId tenant, ReleaseId id, Instant at, String by) {
        jdbc.sql("""
                        update ota_release set state = 'published', published_at = ?, published_by = ?
                        where tenant_id = ? and id = ? and state = 'draft'""").params(Timestamp.from(at), by, tenant.value(), id.value()).update();
    }

    public void markWithdrawn(TenantId tenant, ReleaseId id, Instant at, String by, String reason) {
        jdbc.sql("""
                        update ota_release set state = 'withdrawn', withdrawn_at = ?, withdrawn_by = ?,
                            withdrawal_reason = ?
                        where tenant_id = ? and id = ? and state = 'published'""")
                .params(Timestamp.from(at), by, reason, tenant.value(), id.value())
                .update();
    }

    /**
     * The length of the artifact with this content if a published release for the model and hardware revision names
     * it.
     */
    public OptionalLong publishedLength(TenantId tenant, Sha256 sha256, String model, String hardwareRevision) {
        List<Long> lengths = jdbc.sql("""
                        select a.length from ota_artifact a
                        where a.tenant_id = ? and a.sha256 = ? and exists (
                            select 1 from ota_release r where r.tenant_id = a.tenant_id and r.artifact_id = a.id
                                and r.state = 'published' and r.model = ? and r.hardware_revision = ?)""")
                .params(tenant.value(), sha256.hex(), model, hardwareRevision)
                .query((rs, row) -> rs.getLong(1))
                .list();
        return lengths.isEmpty() ? OptionalLong.empty() : OptionalLong.of(lengths.getFirst());
    }

    /** Adds one request's bytes to the device's count for the artifact. */
    public void addServed(TenantId tenant, DeviceId device, Sha256 sha256, long bytes, Instant at) {
        jdbc.sql("""
                        insert into ota_device_download (tenant_id, device_id, sha256, bytes_served, requests,
                            first_served_at, last_served_at)
                        values (?, ?, ?, ?, 1, ?, ?)
                        on conflict (tenant_id, device_id, sha256) do update set
                            bytes_served = ota_device_download.bytes_served + excluded.bytes_served,
                            requests = ota_device_download.requests + 1,
                            last_served_at = excluded.last_served_at""")
                .params(tenant.value(), device.value(), sha256.hex(), bytes, Timestamp.from(at), Timestamp.from(at))
                .update();
    }

    /** What the device was served, per artifact content. */
    public List<Served> served(TenantId tenant, DeviceId device) {
        return jdbc.sql("""
                        select sha256, bytes_served, requests, first_served_at, last_served_at
                        from ota_device_download where tenant_id = ? and device_id = ? order by first_served_at, sha256""")
                .params(tenant.value(), device.value())
                .query((rs, row) -> new Served(
                        new Sha256(rs.getString("sha256")),
                        rs.getLong("bytes_served"),
                        rs.getLong("requests"),
                        rs.getTimestamp("first_served_at").toInstant(),
                        rs.getTimestamp("last_served_at").toInstant()))
                .list();
    }

    /** One row of download accounting. */
    public record Served(Sha256 sha256, long bytes, long requests, Instant firstServedAt, Instant lastServedAt) {}

    private static Artifact artifact(ResultSet rs, int row) throws SQLException {
        return new Artifact(
                TenantId.of(rs.getObject("tenant_id", UUID.class)),
                new ArtifactId(rs.getObject("id", UUID.class)),
                rs.getString("name"),
                new Sha256(rs.getString("sha256")),
                rs.getLong("length"),
                rs.getTimestamp("created_at").toInstant(),
                rs.getString("created_by"));
    }

    private static Release release(ResultSet rs, int row) throws SQLException {
        Timestamp publishedAt = rs.getTimestamp("published_at");
        return new Release(
                TenantId.of(rs.getObject("tenant_id", UUID.class)),
                new ReleaseId(rs.getObject("id", UUID.class)),
                rs.getString("model"),
                rs.getString("hardware_revision"),
                rs.getString("version"),
                UpdateTier.ofWireName(rs.getString("tier")).orElseThrow(),
                rs.getLong("security_version"),
                new ArtifactId(rs.getObject("artifact_id", UUID.class)),
                rs.getString("artifact_name"),
                new Sha256(rs.getString("sha256")),
                rs.getLong("length"),
                ReleaseState.ofWireName(rs.getString("state")).orElseThrow(),
                rs.getTimestamp("created_at").toInstant(),
                rs.getString("created_by"),
                publishedAt == null ? null : publishedAt.toInstant(),
                rs.getString("published_by"));
    }
}
