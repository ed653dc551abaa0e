package dev.palisade.ota.rollout;

import dev.palisade.identity.DeviceId;
import dev.palisade.ota.ServedBytesListener;
import dev.palisade.ota.Sha256;
import dev.palisade.ota.rollout.internal.RolloutRepository;
import dev.palisade.shared.TenantId;
import org.springframework.stereotype.Component;

/** Accounts the bytes served to a device to the rollout that dispatched it the image they lead to. */
@Component
class RolloutDownloads implements ServedBytesListener {

    private final RolloutRepository rollouts;

    RolloutDownloads(RolloutRepository rollouts) {
        this.rollouts = rollouts;
    }

    @Override
    public void served(TenantId tenant, DeviceId device, Sha256 image, long bytes) {
        rollouts.addServed(tenant, device, image.hex(), bytes);
    }
}
