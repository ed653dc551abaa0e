package dev.palisade.attestation;

import dev.palisade.identity.DeviceId;
import dev.palisade.shared.TenantId;
import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * The outcome of one attestation of a device.
 *
 * @param assurance what a pass proves; {@link AssuranceLevel#NONE} for a failure
 * @param release the firmware release whose reference values matched, or null
 * @param detail a short human explanation (which PCR, which measurement)
 */
public record Verdict(
        UUID id,
        TenantId tenant,
        DeviceId device,
        Instant verifiedAt,
        boolean passed,
        AttestationReason reason,
        AssuranceLevel assurance,
        VerifierKind verifier,
        @Nullable String release,
        String detail) {

    public Verdict {
        if (passed != (reason == AttestationReason.PASSED)) {
            throw new IllegalArgumentException("a verdict passes exactly when its reason is attestation.passed");
        }
    }
}
