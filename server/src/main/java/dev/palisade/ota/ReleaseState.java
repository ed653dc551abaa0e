package dev.palisade.ota;

import java.util.Locale;
import java.util.Optional;

/** Where a release is in its life: drafts are invisible to devices; published ones are served; withdrawn ones no more. */
public enum ReleaseState {
    DRAFT,
    PUBLISHED,
    WITHDRAWN;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<ReleaseState> ofWireName(String name) {
        for (ReleaseState state : values()) {
            if (state.wireName().equals(name)) {
                return Optional.of(state);
            }
        }
        return Optional.empty();
    }
}
