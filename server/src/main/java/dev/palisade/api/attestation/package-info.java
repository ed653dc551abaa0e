/** HTTP endpoints of attestation for operators: expected endorsement keys, reference values, settings, verdicts. */
@NullMarked
package dev.palisade.api.attestation;

import org.jspecify.annotations.NullMarked;
