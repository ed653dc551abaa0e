/**
 * TPM 2.0 structures as a verifier needs them (TPM 2.0 Library, Part 2): public areas and their names, quotes
 * ({@code TPMS_ATTEST}), signatures, and the server's half of credential activation (Part 1, section 24: KDFa, KDFe,
 * MakeCredential). Pure functions of bytes, no Spring, no I/O; every parser refuses malformed, truncated or trailing
 * input with a {@link dev.palisade.attestation.tpm.MalformedTpmStructure} rather than guessing. A named interface: the
 * provisioning feature computes endorsement-key hashes with it.
 */
@NullMarked
@NamedInterface("tpm")
package dev.palisade.attestation.tpm;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.NamedInterface;
