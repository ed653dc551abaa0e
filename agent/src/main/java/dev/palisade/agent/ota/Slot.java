package dev.palisade.agent.ota;

import java.util.Locale;

/** One of the two A/B slots: one holds the running image, the other receives the next. */
public enum Slot {
    A,
    B;

    public Slot other() {
        return this == A ? B : A;
    }

    /** The slot's name on disk and in state files: {@code a} or {@code b}. */
    public String fileName() {
        return name().toLowerCase(Locale.ROOT);
    }

    static Slot fromFileName(String name) {
        return switch (name) {
            case "a" -> A;
            case "b" -> B;
            default -> throw new IllegalArgumentException("no slot " + name);
        };
    }
}
