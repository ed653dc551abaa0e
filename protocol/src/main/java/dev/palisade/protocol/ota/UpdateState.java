package dev.palisade.protocol.ota;

import java.util.Optional;

/** Where a directed update stands on the device, as its status reports say. */
public enum UpdateState {
    /** Fetching the verified metadata and the target's bytes. */
    DOWNLOADING("downloading"),
    /** The bytes have the length and SHA-256 the signed metadata names. */
    DOWNLOADED("downloaded"),
    /** Writing the inactive slot. */
    INSTALLING("installing"),
    /** Booted into the new slot on trial; it must be marked good before the deadline. */
    TRIAL("trial"),
    /** Marked good: the new slot stays, and the anti-rollback floor rose to its security version. */
    GOOD("good"),
    /** The trial failed or ran out: the previous slot is active again. */
    ROLLED_BACK("rolled-back"),
    /** The device refused the update (see the reason); nothing was installed. */
    REFUSED("refused");

    private final String wireName;

    UpdateState(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    /** Whether the update is over in this state. */
    public boolean isFinal() {
        return this == GOOD || this == ROLLED_BACK || this == REFUSED;
    }

    public static Optional<UpdateState> fromWireName(String wireName) {
        for (UpdateState state : values()) {
            if (state.wireName.equals(wireName)) {
                return Optional.of(state);
            }
        }
        return Optional.empty();
    }
}
