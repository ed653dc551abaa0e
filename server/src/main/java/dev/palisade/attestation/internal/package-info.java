/** Persistence and in-memory stores of attestation: SQL for keys, references, settings and verdicts; nonces. */
@NullMarked
package dev.palisade.attestation.internal;

import org.jspecify.annotations.NullMarked;
