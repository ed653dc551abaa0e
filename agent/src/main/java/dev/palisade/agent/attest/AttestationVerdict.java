package dev.palisade.agent.attest;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What the server decided about the device's evidence.
 *
 * @param passed whether it matched a release's reference values
 * @param reason the reason code ({@code attestation.passed}, {@code attestation.reference.pcr-mismatch} ...)
 * @param assurance what a pass proves: {@code tpm-quote}, {@code signed-boot-log}, or {@code none} for a failure
 * @param release the release whose values matched, if any
 * @param detail the server's explanation ({@code 1.0.0: sha256:7 differs})
 */
public record AttestationVerdict(
        boolean passed,
        String reason,
        String assurance,
        @Nullable String release,
        String detail) {

    /**
     * The verdict in the device endpoint's answer ({@code verdict}, {@code reason}, {@code assurance},
     * {@code release}, {@code detail}).
     *
     * @throws IllegalArgumentException when the answer holds no verdict
     */
    static AttestationVerdict of(Map<String, String> answer) {
        String outcome = answer.getOrDefault("verdict", "");
        if (!outcome.equals("pass") && !outcome.equals("fail")) {
            throw new IllegalArgumentException("the server answered without a verdict");
        }
        return new AttestationVerdict(
                outcome.equals("pass"),
                answer.getOrDefault("reason", ""),
                answer.getOrDefault("assurance", ""),
                answer.get("release"),
                answer.getOrDefault("detail", ""));
    }
}
