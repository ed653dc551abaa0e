package dev.palisade.broker.internal;

import dev.palisade.accesspolicy.TenantPolicies;
import dev.palisade.identity.Device;
import dev.palisade.identity.DeviceId;
import dev.palisade.shared.TenantId;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * What the broker knows of the fleet without asking the database: every device's state, groups and attributes, and
 * every tenant's access policies. Loaded once at start, then kept current by the identity and access policy events, so
 * that a CONNECT and a policy compilation never wait for a query.
 */
public final class FleetMemory {

    private final ConcurrentMap<String, Device> devices = new ConcurrentHashMap<>();
    private final ConcurrentMap<TenantId, TenantPolicies> policies = new ConcurrentHashMap<>();
    private volatile boolean loaded;

    /**
     * Takes the device as it is now, unless what is known is newer: the load at start and the events of changes that
     * commit meanwhile may arrive in either order.
     */
    public void remember(Device device) {
        devices.merge(
                key(device.tenant(), device.id()),
                device,
                (known, given) -> given.updatedAt().isBefore(known.updatedAt()) ? known : given);
    }

    public Optional<Device> device(TenantId tenant, DeviceId id) {
        return Optional.ofNullable(devices.get(key(tenant, id)));
    }

    public void policies(TenantId tenant, TenantPolicies current) {
        policies.put(tenant, current);
    }

    public TenantPolicies policies(TenantId tenant) {
        return policies.getOrDefault(tenant, TenantPolicies.NONE);
    }

    /** Whether the load at start finished: until then no CONNECT can be decided. */
    public boolean loaded() {
        return loaded;
    }

    public void markLoaded() {
        loaded = true;
    }

    public int deviceCount() {
        return devices.size();
    }

    private static String key(TenantId tenant, DeviceId id) {
        return tenant.value() + "/" + id.value();
    }
}
