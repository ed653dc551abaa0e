/**
 * Remote attestation: evidence from a device becomes a verdict. Two verifiers: TPM 2.0 quotes, signed by an
 * attestation key bound to the device's expected endorsement key through credential activation, over a single-use
 * server nonce; and signed boot logs for devices without a TPM, at a lower assurance level. Reference values per model
 * and firmware release (several at once during a rollout), verdicts with their reason codes, the
 * {@link dev.palisade.attestation.AttestationPassed} and {@link dev.palisade.attestation.AttestationFailed} events, and
 * the fresh-pass check other features gate on ({@link dev.palisade.attestation.AttestationVerdicts#freshPass}).
 */
@NullMarked
package dev.palisade.attestation;

import org.jspecify.annotations.NullMarked;
