/**
 * Failures that callers must hear about, each with a stable machine-readable code. The operator API maps them in one
 * place to RFC 9457 problem details; features throw them without knowing about HTTP.
 */
@NullMarked
@NamedInterface("problem")
package dev.palisade.shared.problem;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.NamedInterface;
