package dev.palisade.ota.rollout;

import java.util.Locale;
import java.util.Optional;

/**
 * Where one device of a rollout is: {@code pending} until offered, {@code dispatched} once offered, then what the
 * device reports, or {@code timed-out} / {@code cancelled} as the rollout decides.
 */
public enum DeviceUpdateState {
    PENDING,
    DISPATCHED,
    DOWNLOADING,
    DOWNLOADED,
    INSTALLING,
    TRIAL,
    GOOD,
    ROLLED_BACK,
    REFUSED,
    FAILED,
    TIMED_OUT,
    CANCELLED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static Optional<DeviceUpdateState> ofWireName(String name) {
        for (DeviceUpdateState state : values()) {
            if (state.wireName().equals(name)) {
                return Optional.of(state);
            }
        }
        return Optional.empty();
    }

    /** States a device may report on {@code ota/status}. */
    public boolean reportable() {
        return switch (this) {
            case DOWNLOADING, DOWNLOADED, INSTALLING, TRIAL, GOOD, ROLLED_BACK, REFUSED, FAILED -> true;
            case PENDING, DISPATCHED, TIMED_OUT, CANCELLED -> false;
        };
    }

    /**
     * How far along its update a device in this state is: every end (good or failed) is as far as it goes. A device's
     * reports are recorded concurrently and may arrive out of order (or repeated, after a reconnect): a report never
     * moves the device back to an earlier step.
     */
    public int progress() {
        return switch (this) {
            case PENDING -> 0;
            case DISPATCHED -> 1;
            case DOWNLOADING -> 2;
            case DOWNLOADED -> 3;
            case INSTALLING -> 4;
            case TRIAL -> 5;
            case GOOD, ROLLED_BACK, REFUSED, FAILED, TIMED_OUT, CANCELLED -> 6;
        };
    }

    /** A failure counted against the ring's failure ratio. */
    public boolean failure() {
        return this == ROLLED_BACK || this == REFUSED || this == FAILED || this == TIMED_OUT;
    }

    /** Nothing more is expected of the device in this rollout. */
    public boolean settled() {
        return this == GOOD || this == CANCELLED || failure();
    }
}
