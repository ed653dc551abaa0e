package dev.palisade.ota.rollout;

import java.util.Locale;
import java.util.Optional;

/** What a rollout does when a ring breaches its criteria. */
public enum BreachAction {
    /** Stop dispatching; an operator decides (resume accepts the failures seen so far, or abort). */
    PAUSE,
    /** Stop for good; devices not yet offered the update never are. */
    ABORT,
    /**
     * Direct the ring's devices to the previous published release of the same model, hardware revision and tier, if
     * its security version is not below the anti-rollback floor; otherwise pause with the reason.
     */
    ROLLBACK;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<BreachAction> ofWireName(String name) {
        for (BreachAction action : values()) {
            if (action.wireName().equals(name)) {
                return Optional.of(action);
            }
        }
        return Optional.empty();
    }
}
