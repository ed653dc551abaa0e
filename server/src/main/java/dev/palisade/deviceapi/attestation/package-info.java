/**
 * Attestation on the device endpoint: nonces, attestation-key binding by credential activation, TPM quotes and signed
 * boot logs, each from a device authenticated by its client certificate (bootstrap or operational).
 */
@NullMarked
package dev.palisade.deviceapi.attestation;

import org.jspecify.annotations.NullMarked;
