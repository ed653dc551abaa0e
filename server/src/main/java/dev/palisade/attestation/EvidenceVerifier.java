package dev.palisade.attestation;

import dev.palisade.attestation.internal.AttestationRepository.BoundKey;
import dev.palisade.identity.Device;
import java.util.List;
import java.util.Optional;

/**
 * Turns one kind of evidence into an assessment. The nonce has been consumed by the caller; the verifier checks that
 * the evidence is bound to it, is authentic, and matches one of the reference values of the device's model.
 *
 * @param <E> the kind of evidence
 */
interface EvidenceVerifier<E extends Evidence> {

    /**
     * What the verifier knows of the device.
     *
     * @param nonce the nonce the server issued and the evidence names, already consumed
     * @param references every release of the device's model, in release order
     * @param attestationKey the device's bound attestation key, if any
     */
    record Subject(Device device, byte[] nonce, List<ReferenceValues> references, Optional<BoundKey> attestationKey) {}

    /** @throws AttestationRefusedException when the evidence is malformed or not authentic */
    Assessment assess(Subject subject, E evidence);

    VerifierKind kind();

    AssuranceLevel assurance();
}
