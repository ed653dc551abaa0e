package dev.palisade.identity.internal;

import dev.palisade.identity.Decommissioning;
import dev.palisade.identity.Device;
import dev.palisade.identity.DeviceId;
import dev.palisade.identity.DeviceLabels;
import dev.palisade.identity.DeviceState;
import dev.palisade.shared.TenantId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** SQL for devices; every statement is filtered by tenant. */
@Repository
public class DeviceRepository {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final TypeReference<TreeMap<String, String>> ATTRIBUTES = new TypeReference<>() {};

    private static final String INSERT = """
            insert into device (tenant_id, id, state, groups, attributes, created_at, updated_at)
            values (?, ?, ?, ?, ?::jsonb, ?, ?)""";

    private final JdbcClient jdbc;
    private final JdbcTemplate batch;

    DeviceRepository(JdbcClient jdbc, JdbcTemplate batch) {
        this.jdbc = jdbc;
        this.batch = batch;
    }

    /**
     * Inserts {@code all} in one batch (one multi-row statement). A device whose id is taken fails the statement, and
     * with it the caller's transaction: for callers that saw, under lock, that none of the ids was taken.
     */
    public void insertAll(List<Device> all) {
        batch.batchUpdate(INSERT, all.stream().map(DeviceRepository::row).toList());
    }

    /** The values of {@link #INSERT} for {@code device}. */
    private static Object[] row(Device device) {
        return new Object[] {
            device.tenant().value(),
            device.id().value(),
            device.state().wireName(),
            device.groups().toArray(String[]::new),
            JSON.writeValueAsString(device.attributes()),
            Timestamp.from(device.createdAt()),
            Timestamp.from(device.updatedAt())
        };
    }

    /** Inserts the device unless one with its id exists; returns whether it was inserted. */
    public boolean insert(Device device) {
        return jdbc.sql(INSERT + " on conflict (tenant_id, id) do nothing")
                        .params(row(device))
                        .update()
                == 1;
    }

    public Optional<Device> find(TenantId tenant, DeviceId id) {
        return jdbc.sql("select * from device where tenant_id = ? and id = ?")
                .params(tenant.value(), id.value())
                .query((rs, row) -> device(rs))
                .optional();
    }

    /** The device, its row locked until the transaction ends. */
    public Optional<Device> findForUpdate(TenantId tenant, DeviceId id) {
        return jdbc.sql("select * from device where tenant_id = ? and id = ? for update")
                .params(tenant.value(), id.value())
                .query((rs, row) -> device(rs))
                .optional();
    }

    /**
     * The states of those of {@code ids} that are registered, their rows locked (in id order, so that two batches
     * cannot deadlock) until the transaction ends.
     */
    public Map<DeviceId, DeviceState> statesForUpdate(TenantId tenant, Collection<DeviceId> ids) {
        Map<DeviceId, DeviceState> states = new HashMap<>();
        jdbc.sql("select id, state from device where tenant_id = ? and id = any(?) order by id for update")
                .params(tenant.value(), ids.stream().map(DeviceId::value).toArray(String[]::new))
                .query((ResultSet rs) -> {
                    states.put(DeviceId.of(rs.getString("id")), DeviceState.fromWireName(rs.getString("state")));
                });
        return states;
    }

    /** Sets the state of every device of {@code ids}; returns the devices as they now are. */
    public List<Device> updateStates(TenantId tenant, Collection<DeviceId> ids, DeviceState state, Instant at) {
        return jdbc.sql("update device set state = ?, updated_at = ? where tenant_id = ? and id = any(?) returning *")
                .params(
                        state.wireName(),
                        Timestamp.from(at),
                        tenant.value(),
                        ids.stream().map(DeviceId::value).toArray(String[]::new))
                .query((rs, row) -> device(rs))
                .list();
    }

    public Device updateState(TenantId tenant, DeviceId id, DeviceState state, Instant at) {
        return jdbc.sql("update device set state = ?, updated_at = ? where tenant_id = ? and id = ? returning *")
                .params(state.wireName(), Timestamp.from(at), tenant.value(), id.value())
                .query((rs, row) -> device(rs))
                .single();
    }

    /** Replaces the groups and attributes of the device; returns it as it now is. */
    public Device updateLabels(TenantId tenant, DeviceId id, DeviceLabels labels, Instant at) {
        return jdbc.sql("""
                        update device set groups = ?, attributes = ?::jsonb, updated_at = ?
                        where tenant_id = ? and id = ? returning *""")
                .params(
                        labels.groups().toArray(String[]::new),
                        JSON.writeValueAsString(labels.attributes()),
                        Timestamp.from(at),
                        tenant.value(),
                        id.value())
                .query((rs, row) -> device(rs))
                .single();
    }

    /** Hands every device of the tenant to {@code sink}, streamed rather than collected (a tenant may be large). */
    public void forEach(TenantId tenant, Consumer<Device> sink) {
        jdbc.sql("select * from device where tenant_id = ?")
                .param(tenant.value())
                .withFetchSize(1000)
                .query((ResultSet rs) -> {
                    sink.accept(device(rs));
                });
    }

    public List<Device> page(TenantId tenant, @Nullable String after, @Nullable DeviceState state, int limit) {
        return jdbc.sql("""
                        select * from device
                        where tenant_id = ? and id > ? and (?::text is null or state = ?::text)
                        order by id limit ?""")
                .param(tenant.value())
                .param(after == null ? "" : after)
                .param(state == null ? null : state.wireName())
                .param(state == null ? null : state.wireName())
                .param(limit)
                .query((rs, row) -> device(rs))
                .list();
    }

    /**
     * Decommissions the device: its state, and who did it, when and why; returns the device as it now is.
     */
    public Device decommission(TenantId tenant, DeviceId id, Decommissioning decommissioning) {
        return jdbc.sql("""
                        update device set state = 'decommissioned', updated_at = ?, decommissioned_at = ?,
                                          decommissioned_by = ?, decommission_reason = ?
                        where tenant_id = ? and id = ? returning *""")
                .params(
                        Timestamp.from(decommissioning.at()),
                        Timestamp.from(decommissioning.at()),
                        decommissioning.by(),
                        decommissioning.reason(),
                        tenant.value(),
                        id.value())
                .query((rs, row) -> device(rs))
                .single();
    }

    private static Device device(ResultSet rs) throws SQLException {
        Timestamp decommissionedAt = rs.getTimestamp("decommissioned_at");
        return new Device(
                TenantId.of(rs.getObject("tenant_id", java.util.UUID.class)),
                DeviceId.of(rs.getString("id")),
                DeviceState.fromWireName(rs.getString("state")),
                new TreeSet<>(List.of((String[]) rs.getArray("groups").getArray())),
                JSON.readValue(rs.getString("attributes"), ATTRIBUTES),
                rs.getTimestamp("created_at").toInstant(),
                rs.getTimestamp("updated_at").toInstant(),
                decommissionedAt == null
                        ? null
                        : new Decommissioning(
                                decommissionedAt.toInstant(),
                                rs.getString("decommissioned_by"),
                                rs.getString("decommission_reason")));
    }
}
