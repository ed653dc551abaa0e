package dev.palisade.ota.rollout;

import java.util.Locale;
import java.util.Optional;

/** Where a rollout is. Only {@code running} and {@code rolling-back} rollouts are advanced by the scheduler. */
public enum RolloutState {
    RUNNING,
    /** The current ring baked; the next starts once an operator other than the creator approves. */
    AWAITING_APPROVAL,
    /** Stopped by an operator or by a breach; {@code resume} continues where it stopped. */
    PAUSED,
    /** A ring breached: its devices are being directed to the previous release. */
    ROLLING_BACK,
    ROLLED_BACK,
    COMPLETED,
    ABORTED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static Optional<RolloutState> ofWireName(String name) {
        for (RolloutState state : values()) {
            if (state.wireName().equals(name)) {
                return Optional.of(state);
            }
        }
        return Optional.empty();
    }

    /** Whether nothing more happens to the rollout. */
    public boolean finished() {
        return this == ROLLED_BACK || this == COMPLETED || this == ABORTED;
    }
}
