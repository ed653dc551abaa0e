package dev.palisade.audit;

import java.util.Locale;

/** How the audited action ended. Refusals that change nothing are audited where an issue asks for it. */
public enum AuditOutcome {
    SUCCEEDED,
    REFUSED,
    FAILED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static AuditOutcome fromWireName(String name) {
        for (AuditOutcome outcome : values()) {
            if (outcome.wireName().equals(name)) {
                return outcome;
            }
        }
        throw new IllegalArgumentException("unknown audit outcome: " + name);
    }
}
