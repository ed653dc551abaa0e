package dev.palisade.ota.rollout.internal;

import dev.palisade.identity.DeviceId;
import dev.palisade.ota.ReleaseId;
import dev.palisade.ota.rollout.BreachAction;
import dev.palisade.ota.rollout.DeviceUpdateState;
import dev.palisade.ota.rollout.MaintenanceWindow;
import dev.palisade.ota.rollout.RingProgress;
import dev.palisade.ota.rollout.Rollout;
import dev.palisade.ota.rollout.RolloutId;
import dev.palisade.ota.rollout.RolloutState;
import dev.palisade.shared.TenantId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Time;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** SQL of rollouts; every statement names its tenant (and row-level security binds it too). */
@Repository
public class RolloutRepository {

    /** The {@link DeviceUpdateState#progress()} of a device's row, in SQL: a late report does not move it back. */
    private static final String PROGRESS = Arrays.stream(DeviceUpdateState.values())
            .map(state -> "when '" + state.wireName() + "' then " + state.progress())
            .collect(Collectors.joining(" ", "(case state ", " end)"));

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final TypeReference<TreeMap<String, String>> ATTRIBUTES = new TypeReference<>() {};
    private static final String IN_FLIGHT = "('dispatched', 'downloading', 'downloaded', 'installing')";

    private final JdbcClient jdbc;

    RolloutRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A device chosen as a target, with its ring and time zone. */
    public record Target(DeviceId device, int ring, String timeZone) {}

    /** A device to offer an update to now. */
    public record Offer(DeviceId device, ReleaseId release, String timeZone) {}

    /** A ring as stored. */
    public record Ring(
            int ring,
            int percent,
            int devices,
            @Nullable Instant startedAt,
            @Nullable Instant settledAt,
            int acceptedFailures) {}

    public void insert(Rollout rollout, List<Integer> percents, List<Integer> sizes, List<Target> targets) {
        MaintenanceWindow window = rollout.window();
        jdbc.sql("""
                        insert into ota_rollout (tenant_id, id, release_id, target_group, target_attributes,
                            bake_seconds, approval_between_rings, window_start, window_end, max_failure_ratio,
                            install_timeout_seconds, mark_good_seconds, on_breach, state, current_ring, created_at,
                            created_by, created_by_name, updated_at)
                        values (?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?)""")
                .param(rollout.tenant().value())
                .param(rollout.id().value())
                .param(rollout.release().value())
                .param(rollout.group())
                .param(JSON.writeValueAsString(new TreeMap<>(rollout.attributes())))
                .param(rollout.bakeTime().toSeconds())
                .param(rollout.approvalBetweenRings())
                .param(window == null ? null : Time.valueOf(window.start()))
                .param(window == null ? null : Time.valueOf(window.end()))
                .param(rollout.maxFailureRatio())
                .param(rollout.installTimeout().toSeconds())
                .param(rollout.markGoodDeadline().toSeconds())
                .param(rollout.onBreach().wireName())
                .param(rollout.state().wireName())
                .param(Timestamp.from(rollout.createdAt()))
                .param(rollout.createdBy())
                .param(rollout.createdByName())
                .param(Timestamp.from(rollout.updatedAt()))
                .update();
        for (int ring = 0; ring < percents.size(); ring++) {
            jdbc.sql("""
                            insert into ota_rollout_ring (tenant_id, rollout_id, ring, percent, devices, started_at)
                            values (?, ?, ?, ?, ?, ?)""")
                    .param(rollout.tenant().value())
                    .param(rollout.id().value())
                    .param(ring)
                    .param(percents.get(ring))
                    .param(sizes.get(ring))
                    .param(ring == 0 ? Timestamp.from(rollout.createdAt()) : null)
                    .update();
        }
        int size = targets.size();
        for (int from = 0; from < size; from += 1000) {
            List<Target> batch = targets.subList(from, Math.min(size, from + 1000));
            jdbc.sql("""
                            insert into ota_rollout_device (tenant_id, rollout_id, device_id, ring, release_id, time_zone,
                                state, updated_at)
                            select ?, ?, d.device, d.ring, ?, d.zone, 'pending', ?
                            from unnest(?::text[], ?::int[], ?::text[]) as d(device, ring, zone)""")
                    .params(
                            rollout.tenant().value(),
                            rollout.id().value(),
                            rollout.release().value(),
                            Timestamp.from(rollout.createdAt()),
                            batch.stream().map(t -> t.device().value()).toArray(String[]::new),
                            batch.stream().map(Target::ring).toArray(Integer[]::new),
                            batch.stream().map(Target::timeZone).toArray(String[]::new))
                    .update();
        }
    }

    public Optional<Rollout> rollout(TenantId tenant, RolloutId id) {
        return jdbc.sql("select * from ota_rollout where tenant_id = ? and id = ?")
                .params(tenant.value(), id.value())
                .query(RolloutRepository::rollout)
                .optional();
    }

    /** Locks the rollout's row until the transaction ends; false if there is none. */
    public boolean lock(TenantId tenant, RolloutId id) {
        return !jdbc.sql("select id from ota_rollout where tenant_id = ? and id = ? for update")
                .params(tenant.value(), id.value())
                .query((rs, row) -> rs.getObject(1))
                .list()
                .isEmpty();
    }

    /**
     * Claims up to {@code limit} rollouts that the scheduler advances, locked until the transaction ends; rollouts
     * another pass (on this node or another) holds are skipped, not waited for.
     */
    public List<RolloutId> claimActive(TenantId tenant, int limit) {
        return jdbc.sql("""
                        select id from ota_rollout where tenant_id = ? and state in ('running', 'rolling-back')
                        order by id limit ? for update skip locked""")
                .params(tenant.value(), limit)
                .query((rs, row) -> new RolloutId(rs.getObject(1, UUID.class)))
                .list();
    }

    /** The rollouts of {@code release} that have not finished (running, awaiting approval, paused, rolling back). */
    public List<Rollout> unfinishedOf(TenantId tenant, ReleaseId release) {
        return jdbc.sql("""
                        select * from ota_rollout where tenant_id = ? and release_id = ?
                          and state not in ('rolled-back', 'completed', 'aborted')
                        order by id""")
                .params(tenant.value(), release.value())
                .query(RolloutRepository::rollout)
                .list();
    }

    /** Rollouts newest last, after {@code after}. */
    public List<Rollout> rollouts(TenantId tenant, @Nullable String after, int limit) {
        return jdbc.sql("""
                        select * from ota_rollout where tenant_id = ? and (?::uuid is null or id > ?::uuid)
                        order by id limit ?""")
                .param(tenant.value())
                .param(after)
                .param(after)
                .param(limit)
                .query(RolloutRepository::rollout)
                .list();
    }

    public void update(
            TenantId tenant,
            RolloutId id,
            RolloutState state,
            @Nullable RolloutState pausedFrom,
            int currentRing,
            @Nullable String reason,
            @Nullable ReleaseId rollbackRelease,
            Instant at) {
        jdbc.sql("""
                        update ota_rollout set state = ?, paused_from = ?, current_ring = ?, reason = ?,
                            rollback_release_id = ?, updated_at = ?
                        where tenant_id = ? and id = ?""")
                .param(state.wireName())
                .param(pausedFrom == null ? null : pausedFrom.wireName())
                .param(currentRing)
                .param(reason)
                .param(rollbackRelease == null ? null : rollbackRelease.value())
                .param(Timestamp.from(at))
                .param(tenant.value())
                .param(id.value())
                .update();
    }

    public List<Ring> rings(TenantId tenant, RolloutId id) {
        return jdbc.sql("select * from ota_rollout_ring where tenant_id = ? and rollout_id = ? order by ring")
                .params(tenant.value(), id.value())
                .query((rs, row) -> new Ring(
                        rs.getInt("ring"),
                        rs.getInt("percent"),
                        rs.getInt("devices"),
                        instant(rs, "started_at"),
                        instant(rs, "settled_at"),
                        rs.getInt("accepted_failures")))
                .list();
    }

    public List<RingProgress> progress(TenantId tenant, RolloutId id) {
        Map<Integer, Map<String, Integer>> counts = new HashMap<>();
        Map<Integer, Long> bytes = new HashMap<>();
        jdbc.sql("""
                        select ring, state, count(*), sum(bytes_served) from ota_rollout_device
                        where tenant_id = ? and rollout_id = ? group by ring, state""")
                .params(tenant.value(), id.value())
                .query((rs, row) -> {
                    bytes.merge(rs.getInt(1), rs.getLong(4), Long::sum);
                    return counts.computeIfAbsent(rs.getInt(1), ring -> new TreeMap<>())
                            .put(rs.getString(2), rs.getInt(3));
                })
                .list();
        return jdbc.sql("select * from ota_rollout_ring where tenant_id = ? and rollout_id = ? order by ring")
                .params(tenant.value(), id.value())
                .query((rs, row) -> new RingProgress(
                        rs.getInt("ring"),
                        rs.getInt("percent"),
                        rs.getInt("devices"),
                        counts.getOrDefault(rs.getInt("ring"), Map.of()),
                        bytes.getOrDefault(rs.getInt("ring"), 0L),
                        instant(rs, "started_at"),
                        instant(rs, "settled_at"),
                        rs.getString("approved_by"),
                        instant(rs, "approved_at")))
                .list();
    }

    /**
     * Adds {@code bytes} to the device's row in the rollout that most recently dispatched it the content {@code image}
     * (the rollout's release or its rollback release); nothing when no rollout did (a download outside any rollout).
     */
    public void addServed(TenantId tenant, DeviceId device, String image, long bytes) {
        jdbc.sql("""
                        update ota_rollout_device set bytes_served = bytes_served + ?
                        where tenant_id = ? and device_id = ? and rollout_id = (
                            select d.rollout_id from ota_rollout_device d
                            join ota_rollout r on r.tenant_id = d.tenant_id and r.id = d.rollout_id
                            join ota_release release on release.tenant_id = r.tenant_id
                                and release.id in (r.release_id, r.rollback_release_id)
                            join ota_artifact a on a.tenant_id = release.tenant_id and a.id = release.artifact_id
                            where d.tenant_id = ? and d.device_id = ? and a.sha256 = ? and d.dispatched_at is not null
                            order by d.dispatched_at desc limit 1)""")
                .params(bytes, tenant.value(), device.value(), tenant.value(), device.value(), image)
                .update();
    }

    public void startRing(TenantId tenant, RolloutId id, int ring, Instant at) {
        jdbc.sql("""
                        update ota_rollout_ring set started_at = coalesce(started_at, ?)
                        where tenant_id = ? and rollout_id = ? and ring = ?""")
                .params(Timestamp.from(at), tenant.value(), id.value(), ring)
                .update();
    }

    public void settleRing(TenantId tenant, RolloutId id, int ring, @Nullable Instant at) {
        jdbc.sql("update ota_rollout_ring set settled_at = ? where tenant_id = ? and rollout_id = ? and ring = ?")
                .param(at == null ? null : Timestamp.from(at))
                .param(tenant.value())
                .param(id.value())
                .param(ring)
                .update();
    }

    public void approveRing(TenantId tenant, RolloutId id, int ring, String by, Instant at) {
        jdbc.sql("""
                        update ota_rollout_ring set approved_by = ?, approved_at = ?
                        where tenant_id = ? and rollout_id = ? and ring = ?""")
                .params(by, Timestamp.from(at), tenant.value(), id.value(), ring)
                .update();
    }

    public void acceptFailures(TenantId tenant, RolloutId id, int ring, int failures) {
        jdbc.sql("""
                        update ota_rollout_ring set accepted_failures = ?
                        where tenant_id = ? and rollout_id = ? and ring = ?""").params(failures, tenant.value(), id.value(), ring).update();
    }

    /** The ring's devices per state. */
    public Map<DeviceUpdateState, Integer> counts(TenantId tenant, RolloutId id, int ring) {
        Map<DeviceUpdateState, Integer> counts = new HashMap<>();
        jdbc.sql("""
                        select state, count(*) from ota_rollout_device where tenant_id = ? and rollout_id = ? and ring = ?
                        group by state""")
                .params(tenant.value(), id.value(), ring)
                .query((rs, row) ->
                        counts.put(DeviceUpdateState.ofWireName(rs.getString(1)).orElseThrow(), rs.getInt(2)))
                .list();
        return counts;
    }

    /** Devices of {@code ring} (or of every ring, when negative) still to be offered their release. */
    public List<Offer> pending(TenantId tenant, RolloutId id, int ring, int limit) {
        return pending(tenant, id, ring, "", limit);
    }

    /** As {@link #pending(TenantId, RolloutId, int, int)}, the devices whose id sorts after {@code after}. */
    public List<Offer> pending(TenantId tenant, RolloutId id, int ring, String after, int limit) {
        return jdbc.sql("""
                        select device_id, release_id, time_zone from ota_rollout_device
                        where tenant_id = ? and rollout_id = ? and (? < 0 or ring = ?) and state = 'pending'
                          and device_id > ?
                        order by device_id limit ?""")
                .params(tenant.value(), id.value(), ring, ring, after, limit)
                .query((rs, row) -> new Offer(
                        DeviceId.of(rs.getString(1)), new ReleaseId(rs.getObject(2, UUID.class)), rs.getString(3)))
                .list();
    }

    public void markDispatched(TenantId tenant, RolloutId id, Collection<DeviceId> devices, Instant at) {
        jdbc.sql("""
                        update ota_rollout_device set state = 'dispatched', reason = null, dispatched_at = ?, updated_at = ?
                        where tenant_id = ? and rollout_id = ? and device_id = any(?) and state = 'pending'""")
                .params(
                        Timestamp.from(at),
                        Timestamp.from(at),
                        tenant.value(),
                        id.value(),
                        devices.stream().map(DeviceId::value).toArray(String[]::new))
                .update();
    }

    /**
     * Marks devices of the ring that were offered the update too long ago: still in flight after the install timeout
     * ({@code timed-out}), or still on trial after the mark-good deadline ({@code failed}). Returns them.
     */
    public List<DeviceId> expire(
            TenantId tenant, RolloutId id, int ring, Instant now, Duration installTimeout, Duration markGood) {
        List<DeviceId> expired = new ArrayList<>(jdbc.sql("update ota_rollout_device set state = 'timed-out',"
                        + " reason = 'no report of installation within the install timeout', updated_at = ?"
                        + " where tenant_id = ? and rollout_id = ? and ring = ? and state in " + IN_FLIGHT
                        + " and dispatched_at <= ? returning device_id")
                .params(
                        Timestamp.from(now),
                        tenant.value(),
                        id.value(),
                        ring,
                        Timestamp.from(now.minus(installTimeout)))
                .query((rs, row) -> DeviceId.of(rs.getString(1)))
                .list());
        expired.addAll(jdbc.sql("""
                        update ota_rollout_device set state = 'failed',
                            reason = 'not marked good within the mark-good deadline', updated_at = ?
                        where tenant_id = ? and rollout_id = ? and ring = ? and state = 'trial' and dispatched_at <= ?
                        returning device_id""")
                .params(Timestamp.from(now), tenant.value(), id.value(), ring, Timestamp.from(now.minus(markGood)))
                .query((rs, row) -> DeviceId.of(rs.getString(1)))
                .list());
        return expired;
    }

    /** The ring's devices that were offered the update, with when. */
    public Map<DeviceId, Instant> offered(TenantId tenant, RolloutId id, int ring) {
        Map<DeviceId, Instant> offered = new HashMap<>();
        jdbc.sql("""
                        select device_id, dispatched_at from ota_rollout_device
                        where tenant_id = ? and rollout_id = ? and ring = ? and dispatched_at is not null""")
                .params(tenant.value(), id.value(), ring)
                .query((rs, row) -> offered.put(
                        DeviceId.of(rs.getString(1)), rs.getTimestamp(2).toInstant()))
                .list();
        return offered;
    }

    /**
     * Records what a device reported about the release it is directed to in the rollout; false if it is not directed
     * to that release there, or was never offered it, or the rollout already gave up on it.
     */
    public boolean report(
            TenantId tenant,
            RolloutId id,
            DeviceId device,
            ReleaseId release,
            DeviceUpdateState state,
            @Nullable String reason,
            Instant at) {
        return jdbc.sql("""
                        update ota_rollout_device set state = ?, reason = ?, updated_at = ?
                        where tenant_id = ? and rollout_id = ? and device_id = ? and release_id = ?
                          and state not in ('pending', 'cancelled', 'timed-out')
                          and """ + PROGRESS + " <= ?")
                        .param(state.wireName())
                        .param(reason)
                        .param(Timestamp.from(at))
                        .param(tenant.value())
                        .param(id.value())
                        .param(device.value())
                        .param(release.value())
                        .param(state.progress())
                        .update()
                == 1;
    }

    /** The ring a device is in, if it is a target of the rollout. */
    public Optional<Integer> ringOf(TenantId tenant, RolloutId id, DeviceId device) {
        return jdbc.sql("select ring from ota_rollout_device where tenant_id = ? and rollout_id = ? and device_id = ?")
                .params(tenant.value(), id.value(), device.value())
                .query(Integer.class)
                .optional();
    }

    /** Directs the ring's devices that were offered the update to {@code release}, to be offered it anew. */
    public int redirect(TenantId tenant, RolloutId id, int ring, ReleaseId release, Instant at) {
        return jdbc.sql("""
                        update ota_rollout_device set release_id = ?, state = 'pending', dispatched_at = null,
                            reason = 'rolled back by the rollout', updated_at = ?
                        where tenant_id = ? and rollout_id = ? and ring = ? and dispatched_at is not null""")
                .params(release.value(), Timestamp.from(at), tenant.value(), id.value(), ring)
                .update();
    }

    /** Cancels every device not yet offered anything, in every ring from {@code fromRing} on. */
    public int cancelPending(TenantId tenant, RolloutId id, int fromRing, Instant at) {
        return jdbc.sql("""
                        update ota_rollout_device set state = 'cancelled', updated_at = ?
                        where tenant_id = ? and rollout_id = ? and ring >= ? and state = 'pending'""")
                .params(Timestamp.from(at), tenant.value(), id.value(), fromRing)
                .update();
    }

    /** The release published most recently before {@code release} for its model, hardware revision and tier. */
    public Optional<ReleaseId> previousPublished(TenantId tenant, ReleaseId release) {
        return jdbc.sql("""
                        select p.id from ota_release r join ota_release p on p.tenant_id = r.tenant_id
                            and p.model = r.model and p.hardware_revision = r.hardware_revision and p.tier = r.tier
                        where r.tenant_id = ? and r.id = ? and p.id <> r.id and p.state = 'published'
                          and p.published_at <= r.published_at
                        order by p.published_at desc, p.id desc limit 1""")
                .params(tenant.value(), release.value())
                .query((rs, row) -> new ReleaseId(rs.getObject(1, UUID.class)))
                .optional();
    }

    private static Rollout rollout(ResultSet rs, int row) throws SQLException {
        Time start = rs.getTime("window_start");
        Time end = rs.getTime("window_end");
        String pausedFrom = rs.getString("paused_from");
        UUID rollback = rs.getObject("rollback_release_id", UUID.class);
        return new Rollout(
                TenantId.of(rs.getObject("tenant_id", UUID.class)),
                new RolloutId(rs.getObject("id", UUID.class)),
                new ReleaseId(rs.getObject("release_id", UUID.class)),
                rs.getString("target_group"),
                JSON.readValue(rs.getString("target_attributes"), ATTRIBUTES),
                Duration.ofSeconds(rs.getLong("bake_seconds")),
                rs.getBoolean("approval_between_rings"),
                start == null || end == null ? null : new MaintenanceWindow(start.toLocalTime(), end.toLocalTime()),
                rs.getDouble("max_failure_ratio"),
                Duration.ofSeconds(rs.getLong("install_timeout_seconds")),
                Duration.ofSeconds(rs.getLong("mark_good_seconds")),
                BreachAction.ofWireName(rs.getString("on_breach")).orElseThrow(),
                RolloutState.ofWireName(rs.getString("state")).orElseThrow(),
                pausedFrom == null ? null : RolloutState.ofWireName(pausedFrom).orElseThrow(),
                rs.getInt("current_ring"),
                rs.getString("reason"),
                rollback == null ? null : new ReleaseId(rollback),
                rs.getTimestamp("created_at").toInstant(),
                rs.getString("created_by"),
                rs.getString("created_by_name"),
                rs.getTimestamp("updated_at").toInstant(),
                List.of());
    }

    private static @Nullable Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp value = rs.getTimestamp(column);
        return value == null ? null : value.toInstant();
    }
}
