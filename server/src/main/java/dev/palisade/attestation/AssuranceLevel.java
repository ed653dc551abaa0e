package dev.palisade.attestation;

import java.util.Locale;

/**
 * How much a passing verdict proves, weakest first. A TPM quote is rooted in hardware: the key that signs it cannot
 * leave the TPM and signs only PCR values the TPM measured. A signed boot log is only as trustworthy as the software
 * that measured and signed it with the device key, so gates may refuse it.
 */
public enum AssuranceLevel {
    NONE,
    SIGNED_BOOT_LOG,
    TPM_QUOTE;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public boolean atLeast(AssuranceLevel minimum) {
        return compareTo(minimum) >= 0;
    }

    public static AssuranceLevel fromWireName(String name) {
        for (AssuranceLevel level : values()) {
            if (level.wireName().equals(name)) {
                return level;
            }
        }
        throw new IllegalArgumentException("unknown assurance level: " + name);
    }
}
