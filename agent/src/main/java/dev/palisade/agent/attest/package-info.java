/**
 * The device's attestation evidence: quotes of its TPM 2.0, driven through tpm2-tools, with the attestation key bound
 * by credential activation; signed boot logs for devices without a TPM.
 */
@NullMarked
package dev.palisade.agent.attest;

import org.jspecify.annotations.NullMarked;
