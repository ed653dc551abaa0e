package dev.palisade.attestation;

import java.util.Locale;

/** What produced a verdict: one of the two verifiers, or the schedule that noticed a missed re-attestation. */
public enum VerifierKind {
    TPM_QUOTE,
    SIGNED_BOOT_LOG,
    SCHEDULE;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static VerifierKind fromWireName(String name) {
        for (VerifierKind kind : values()) {
            if (kind.wireName().equals(name)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("unknown verifier: " + name);
    }
}
