package dev.palisade.ota;

import dev.palisade.identity.DeviceId;
import dev.palisade.shared.TenantId;

/**
 * Hears the bytes the device endpoint served, in the transaction that records them for the device, so that a feature
 * built on top of OTA (rollouts) can account them as its own without the download path knowing it.
 */
public interface ServedBytesListener {

    /**
     * @param image the content the bytes lead to: the artifact itself, or the target of the delta that was served
     */
    void served(TenantId tenant, DeviceId device, Sha256 image, long bytes);
}
