package dev.palisade.provisioning;

import dev.palisade.attestation.AttestationVerdicts;
import dev.palisade.identity.DeviceId;
import dev.palisade.pki.CertificateLifetimeCap;
import dev.palisade.shared.TenantId;
import java.time.Instant;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * A device certificate does not outlive the device's attestation where the tenant says so (attestation setting
 * {@code certificateLifetimeFromPass}): the PKI and attestation sit side by side, so the rule that joins them lives
 * here, above both.
 */
@Component
class AttestationLifetimeCap implements CertificateLifetimeCap {

    private final AttestationVerdicts verdicts;

    AttestationLifetimeCap(AttestationVerdicts verdicts) {
        this.verdicts = verdicts;
    }

    @Override
    public Optional<Instant> deadline(TenantId tenant, DeviceId device) {
        return verdicts.certificateDeadline(tenant, device);
    }
}
