package dev.palisade.pki;

import dev.palisade.identity.DeviceId;
import dev.palisade.shared.TenantId;
import java.time.Instant;
import java.util.Optional;

/**
 * Something above the PKI that may end a device's next certificate early (attestation freshness, for one): a bean
 * implementing this is asked at every device certificate's issuance. The certificate ends at the earliest deadline any
 * cap gives, but never sooner than the shortest lifetime the PKI issues.
 */
public interface CertificateLifetimeCap {

    /** The latest {@code notAfter} a new certificate of {@code device} may have; empty when this cap does not apply. */
    Optional<Instant> deadline(TenantId tenant, DeviceId device);
}
