package dev.palisade.provisioning;

import dev.palisade.identity.DeviceId;
import dev.palisade.shared.TenantId;
import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * An owner's claim on a device that no manifest of the tenant lists: the device, as its bootstrap certificate names it
 * (a serial, from a manufacturer registered with the tenant), may register as {@code device} once it has proven that
 * it holds the claim code printed on its label. The code itself is never kept; see {@link DeviceClaims}.
 *
 * @param serial the device as its bootstrap certificate names it: the subject's serialNumber, or else its common name
 * @param model the device's model, when the owner named it
 * @param state what the claim became, as stored; {@link #stateAt} also tells an expired one
 * @param failedAttempts wrong codes tried against it
 * @param provenBootstrapSha256 SHA-256 of the bootstrap certificate that proved it, once proven
 * @param endedAt when it was used, cancelled or locked
 * @param endedBy who ended it: an operator, or the request that used it
 */
public record DeviceClaim(
        TenantId tenant,
        UUID id,
        UUID manufacturer,
        String manufacturerName,
        String serial,
        DeviceId device,
        @Nullable String model,
        ClaimState state,
        int failedAttempts,
        Instant createdAt,
        String createdBy,
        Instant expiresAt,
        @Nullable Instant provenAt,
        byte @Nullable [] provenBootstrapSha256,
        @Nullable Instant endedAt,
        @Nullable String endedBy)
        implements Voucher {

    /** The state at {@code now}: a claim still in play whose time has run out is expired. */
    public ClaimState stateAt(Instant now) {
        return state.live() && !now.isBefore(expiresAt) ? ClaimState.EXPIRED : state;
    }

    @Override
    public @Nullable String hardwareRevision() {
        return null;
    }

    /** Unknown: the owner cannot vouch for what the device runs, only the manufacturer or attestation can. */
    @Override
    public @Nullable FirmwareVersion firmwareVersion() {
        return null;
    }

    @Override
    public byte @Nullable [] endorsementKeySha256() {
        return null;
    }

    @Override
    public byte @Nullable [] bootstrapSha256() {
        return provenBootstrapSha256;
    }

    @Override
    public boolean used() {
        return state == ClaimState.USED;
    }

    @Override
    public String via() {
        return "claim";
    }
}
