package dev.palisade.provisioning;

import java.util.Locale;

/** Where a device claim stands. */
public enum ClaimState {
    /** Created by the owner; waits for the device to prove it holds the code. */
    OPEN,
    /** The device proved it holds the code; its next first contact registers it. */
    PROVEN,
    /** The device registered through it: a claim is used once. */
    USED,
    /** Its time ran out before it was used. */
    EXPIRED,
    /** The owner took it back. */
    CANCELLED,
    /** Too many wrong codes were tried against it: it can no longer be proven, even with the right code. */
    LOCKED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static ClaimState fromWireName(String name) {
        for (ClaimState state : values()) {
            if (state.wireName().equals(name)) {
                return state;
            }
        }
        throw new IllegalArgumentException("no claim state '" + name + "'");
    }

    /** Whether the claim is still in play: a device may prove it, or register through it. */
    public boolean live() {
        return this == OPEN || this == PROVEN;
    }
}
