package dev.palisade.provisioning;

import dev.palisade.identity.DeviceId;
import dev.palisade.shared.TenantId;
import org.jspecify.annotations.Nullable;

/**
 * What vouches for a device at its first contact, and what the registration policy decides on: its manufacturer's
 * manifest entry, or, for a device no manifest of the tenant lists, its owner's claim that the device proved. Either
 * registers one device, once.
 */
public sealed interface Voucher permits ManifestEntry, DeviceClaim {

    TenantId tenant();

    /** The id the device registers as. */
    DeviceId device();

    /** The manufacturer's serial number, when known. */
    @Nullable
    String serial();

    /** The device's model, when known: attestation finds reference values by it, and it may have its own floor. */
    @Nullable
    String model();

    @Nullable
    String hardwareRevision();

    /** The firmware the device left the factory with, when its manufacturer said. */
    @Nullable
    FirmwareVersion firmwareVersion();

    /** SHA-256 of the TPM endorsement key attestation should expect of the device, when known. */
    byte @Nullable [] endorsementKeySha256();

    /** SHA-256 of the DER bootstrap certificate this voucher is for, when bound to one. */
    byte @Nullable [] bootstrapSha256();

    /** Whether it registered its device already. */
    boolean used();

    /** How the device came in, as audit records and the webhook name it: {@code manifest} or {@code claim}. */
    String via();
}
