package dev.palisade.protocol.ota;

import java.util.Locale;
import java.util.Optional;

/**
 * Update tiers by blast radius. Each has its own TUF targets role, delegated from the top-level targets role and named
 * after the tier ({@code N.os.json}), signed with its own key.
 */
public enum Tier {
    BOOTLOADER,
    OS,
    APPLICATION,
    CONFIG;

    /** The name on the wire, in target names and as the TUF role name: {@code bootloader}, {@code os} … */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The tier named {@code wireName}, if there is one. */
    public static Optional<Tier> fromWireName(String wireName) {
        for (Tier tier : values()) {
            if (tier.wireName().equals(wireName)) {
                return Optional.of(tier);
            }
        }
        return Optional.empty();
    }
}
