package dev.palisade.attestation;

import dev.palisade.identity.DeviceId;
import dev.palisade.shared.TenantId;
import java.time.Instant;
import java.util.UUID;

/** Published in the transaction that records a passing verdict. */
public record AttestationPassed(
        TenantId tenant, DeviceId device, UUID verdict, AssuranceLevel assurance, String release, Instant at) {}
