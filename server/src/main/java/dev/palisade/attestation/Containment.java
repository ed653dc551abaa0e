package dev.palisade.attestation;

import dev.palisade.audit.Actor;
import dev.palisade.identity.DeviceId;
import dev.palisade.identity.DeviceRegistry;
import dev.palisade.identity.DeviceState;
import dev.palisade.shared.TenantId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Quarantines devices that failed or missed attestation, within the caller's transaction, through the device
 * registry: the move is audited and its {@code DevicesChanged} event reaches the broker, which holds the live sessions
 * to their remediation topics. Only active devices are moved; others are left as they are.
 */
@Component
class Containment {

    private final DeviceRegistry devices;

    Containment(DeviceRegistry devices) {
        this.devices = devices;
    }

    /** Returns the devices moved to quarantine. */
    List<DeviceId> quarantine(TenantId tenant, Collection<DeviceId> ids, Actor actor, String requestId, String reason) {
        Map<DeviceId, DeviceState> states = devices.lockStates(tenant, ids);
        List<DeviceRegistry.StateChange> changes = new ArrayList<>();
        states.forEach((id, state) -> {
            if (state == DeviceState.ACTIVE) {
                changes.add(new DeviceRegistry.StateChange(
                        id, DeviceState.ACTIVE, DeviceState.QUARANTINED, actor, requestId, reason));
            }
        });
        devices.moveAll(tenant, changes);
        return changes.stream()
                .map(DeviceRegistry.StateChange::device)
                .sorted(java.util.Comparator.comparing(DeviceId::value))
                .toList();
    }
}
