package dev.palisade.pki;

import java.util.Locale;

/**
 * The life of an issuing CA. Pending: its key exists and its request awaits the offline root's signature. Active:
 * issues the tenant's certificates (one at a time per tenant). Retiring: a newer CA took over issuing, this one is
 * still trusted so that devices can renew onto the new one. Retired: no longer trusted for new sessions; its CRL is
 * still published until its certificates expire. Revoked: compromised; everything it issued is revoked.
 */
public enum CaStatus {
    PENDING,
    ACTIVE,
    RETIRING,
    RETIRED,
    REVOKED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static CaStatus fromWireName(String name) {
        for (CaStatus status : values()) {
            if (status.wireName().equals(name)) {
                return status;
            }
        }
        throw new IllegalArgumentException("unknown CA status: " + name);
    }

    /** Whether certificates of this CA are trusted (EST, TLS client authentication, later the broker). */
    public boolean trusted() {
        return this == ACTIVE || this == RETIRING;
    }
}
