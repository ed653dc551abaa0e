package dev.palisade.ota;

import java.util.Locale;
import java.util.Optional;

/**
 * Update tiers by blast radius. Each tier gets its own signing key (TUF targets role), so that the key which signs a
 * configuration change cannot sign a bootloader, and its security versions are counted separately.
 */
public enum UpdateTier {
    /** The first code that runs; a bad one can brick the device. */
    BOOTLOADER,
    /** Kernel and root file system. */
    OS,
    /** Applications on top of the operating system. */
    APPLICATION,
    /** Configuration and machine-learning models: data, not code. */
    CONFIG;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<UpdateTier> ofWireName(String name) {
        for (UpdateTier tier : values()) {
            if (tier.wireName().equals(name)) {
                return Optional.of(tier);
            }
        }
        return Optional.empty();
    }
}
