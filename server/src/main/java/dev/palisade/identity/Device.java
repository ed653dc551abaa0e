package dev.palisade.identity;

import dev.palisade.shared.TenantId;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * A registered device.
 *
 * @param groups the groups it is in, in name order; access policies attach to groups
 * @param attributes its attributes by name, in name order; access policies may use them as {@code ${device.attr.NAME}}
 * @param decommissioning its last decommissioning, if it was ever decommissioned (kept after a re-manufacture)
 */
public record Device(
        TenantId tenant,
        DeviceId id,
        DeviceState state,
        SortedSet<String> groups,
        SortedMap<String, String> attributes,
        Instant createdAt,
        Instant updatedAt,
        @Nullable Decommissioning decommissioning) {

    public Device {
        groups = java.util.Collections.unmodifiableSortedSet(new TreeSet<>(groups));
        attributes = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(attributes));
    }

    /** A device never decommissioned. */
    public Device(
            TenantId tenant,
            DeviceId id,
            DeviceState state,
            SortedSet<String> groups,
            SortedMap<String, String> attributes,
            Instant createdAt,
            Instant updatedAt) {
        this(tenant, id, state, groups, attributes, createdAt, updatedAt, null);
    }

    /** A device in no group and with no attributes. */
    public Device(TenantId tenant, DeviceId id, DeviceState state, Instant createdAt, Instant updatedAt) {
        this(tenant, id, state, new TreeSet<>(), new TreeMap<>(), createdAt, updatedAt, null);
    }

    /** The same device with other groups and attributes. */
    public Device withLabels(Set<String> newGroups, Map<String, String> newAttributes, Instant at) {
        return new Device(
                tenant,
                id,
                state,
                new TreeSet<>(newGroups),
                new TreeMap<>(newAttributes),
                createdAt,
                at,
                decommissioning);
    }
}
