package dev.palisade.api;

import dev.palisade.attestation.Verdict;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * An attestation verdict as JSON, the same to the operator who lists a device's verdicts and to the device that just
 * sent its evidence.
 */
public record AttestationVerdictView(
        String id,
        String verdict,
        String reason,
        String assurance,
        String verifier,
        @Nullable String release,
        String detail,
        Instant verifiedAt) {

    public static AttestationVerdictView of(Verdict verdict) {
        return new AttestationVerdictView(
                verdict.id().toString(),
                verdict.passed() ? "pass" : "fail",
                verdict.reason().code(),
                verdict.assurance().wireName(),
                verdict.verifier().wireName(),
                verdict.release(),
                verdict.detail(),
                verdict.verifiedAt());
    }
}
