package dev.palisade.provisioning;

import dev.palisade.attestation.AssuranceLevel;
import java.time.Duration;

/**
 * A registration policy's demand that a device attest before it registers: a passing verdict no older than
 * {@code within}, at {@code minimum} assurance or above.
 */
public record AttestationRequirement(Duration within, AssuranceLevel minimum) {

    public static final Duration SHORTEST = Duration.ofMinutes(1);
    public static final Duration LONGEST = Duration.ofDays(1);

    public AttestationRequirement {
        if (within.compareTo(SHORTEST) < 0 || within.compareTo(LONGEST) > 0) {
            throw new IllegalArgumentException("a verdict is required within a minute to a day");
        }
        if (minimum == AssuranceLevel.NONE) {
            throw new IllegalArgumentException("a requirement names an assurance level a verdict can prove");
        }
    }
}
