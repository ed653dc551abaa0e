package dev.palisade.attestation;

import org.jspecify.annotations.Nullable;

/** What a verifier concluded from authentic evidence. Evidence that is not authentic is refused instead. */
sealed interface Assessment {

    record Pass(AssuranceLevel assurance, String release, String detail) implements Assessment {}

    record Fail(AttestationReason reason, @Nullable String release, String detail) implements Assessment {}
}
