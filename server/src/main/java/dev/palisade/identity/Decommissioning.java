package dev.palisade.identity;

import java.time.Instant;

/**
 * A device's last decommissioning: when, by whom and why. Kept when a re-manufactured device comes back, as provenance.
 *
 * @param by the operator (or system job) that decommissioned it, as the audit log names actors
 */
public record Decommissioning(Instant at, String by, String reason) {

    public static final int MAX_REASON_LENGTH = 512;

    public Decommissioning {
        if (by.isBlank()) {
            throw new IllegalArgumentException("a decommissioning names who did it");
        }
        if (reason.isBlank() || reason.length() > MAX_REASON_LENGTH) {
            throw new IllegalArgumentException("a decommissioning reason is 1 to " + MAX_REASON_LENGTH + " characters");
        }
    }
}
