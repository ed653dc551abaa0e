/** The device's attestation evidence: signed boot logs for devices without a TPM. */
@NullMarked
package dev.palisade.agent.attest;

import org.jspecify.annotations.NullMarked;
