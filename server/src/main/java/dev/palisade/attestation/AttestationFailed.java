package dev.palisade.attestation;

import dev.palisade.identity.DeviceId;
import dev.palisade.shared.TenantId;
import java.time.Instant;
import java.util.UUID;

/**
 * Published in the transaction that records a failing verdict (evidence that did not match reference values, or a
 * missed re-attestation), so that response and detection can act on it.
 *
 * @param reason the verdict's reason code
 * @param quarantined whether the same transaction quarantined the device
 */
public record AttestationFailed(
        TenantId tenant,
        DeviceId device,
        UUID verdict,
        String reason,
        VerifierKind verifier,
        boolean quarantined,
        Instant at) {}
