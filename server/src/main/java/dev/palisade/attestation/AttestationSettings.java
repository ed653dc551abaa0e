package dev.palisade.attestation;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * A tenant's attestation settings.
 *
 * @param reattestationInterval how often every active device must pass; a device without a pass that recent, or whose
 *     latest verdict failed, is quarantined by the periodic check. Null: no periodic re-attestation.
 * @param quarantineOnFailure whether a failing verdict quarantines the device at once
 * @param acceptBootLogs whether signed boot logs may pass at all (devices without a TPM)
 * @param reenrolmentRequiresPassWithin how recent a passing verdict must be for the device to re-enrol (EST
 *     {@code simplereenroll}); null: re-enrolment does not ask
 * @param certificateLifetimeFromPass a device certificate ends no later than this long after the device's latest
 *     passing verdict, so a device that stops attesting loses its credential on its own; null: no cap
 */
public record AttestationSettings(
        @Nullable Duration reattestationInterval,
        boolean quarantineOnFailure,
        boolean acceptBootLogs,
        @Nullable Duration reenrolmentRequiresPassWithin,
        @Nullable Duration certificateLifetimeFromPass) {

    public static final AttestationSettings DEFAULTS = new AttestationSettings(null, false, true, null, null);

    /** The shortest cap: a certificate's shortest lifetime. */
    public static final Duration SHORTEST_CERTIFICATE_CAP = Duration.ofHours(1);

    public AttestationSettings {
        if (reattestationInterval != null
                && (reattestationInterval.compareTo(Duration.ofMinutes(1)) < 0
                        || reattestationInterval.compareTo(Duration.ofDays(366)) > 0)) {
            throw new IllegalArgumentException("a re-attestation interval is 1 minute to 366 days");
        }
        if (reenrolmentRequiresPassWithin != null
                && (reenrolmentRequiresPassWithin.compareTo(Duration.ofMinutes(1)) < 0
                        || reenrolmentRequiresPassWithin.compareTo(Duration.ofDays(366)) > 0)) {
            throw new IllegalArgumentException("a re-enrolment's attestation window is 1 minute to 366 days");
        }
        if (certificateLifetimeFromPass != null
                && (certificateLifetimeFromPass.compareTo(SHORTEST_CERTIFICATE_CAP) < 0
                        || certificateLifetimeFromPass.compareTo(Duration.ofDays(366)) > 0)) {
            throw new IllegalArgumentException("a certificate's lifetime from its attestation is 1 hour to 366 days");
        }
    }
}
