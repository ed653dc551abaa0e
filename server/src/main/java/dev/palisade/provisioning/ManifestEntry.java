package dev.palisade.provisioning;

import dev.palisade.identity.DeviceId;
import dev.palisade.shared.TenantId;
import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * One manufactured device as its manufacturer's signed manifest lists it; used once, at the device's first contact.
 *
 * @param bootstrapSha256 SHA-256 of the DER of the device's bootstrap certificate, when it has one
 * @param endorsementKeySha256 SHA-256 of the DER SubjectPublicKeyInfo of the device's TPM endorsement key, when it
 *     has a TPM (attestation's definition, see {@code EndorsementKeys}): at first contact it becomes the endorsement
 *     key attestation expects the device to prove
 * @param usedAt when the device's first contact registered it; null while the entry waits
 */
public record ManifestEntry(
        TenantId tenant,
        UUID id,
        UUID manifest,
        UUID manufacturer,
        DeviceId device,
        @Nullable String serial,
        byte @Nullable [] bootstrapSha256,
        byte @Nullable [] endorsementKeySha256,
        String model,
        String hardwareRevision,
        @Nullable FirmwareVersion firmwareVersion,
        @Nullable Instant usedAt)
        implements Voucher {

    @Override
    public boolean used() {
        return usedAt != null;
    }

    @Override
    public String via() {
        return "manifest";
    }
}
