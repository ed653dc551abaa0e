package dev.palisade.identity;

import dev.palisade.shared.TenantId;
import java.util.List;

/**
 * Published in the transaction that registers devices or changes their state, groups or attributes, with each device
 * as it is after the change: those who keep devices in memory (the broker deciding CONNECTs and compiling session
 * policies) take the new state from the event, without reading the database.
 */
public record DevicesChanged(TenantId tenant, List<Device> devices) {

    public DevicesChanged {
        devices = List.copyOf(devices);
        for (Device device : devices) {
            if (!device.tenant().equals(tenant)) {
                throw new IllegalArgumentException("a device of another tenant in a tenant's change");
            }
        }
    }
}
