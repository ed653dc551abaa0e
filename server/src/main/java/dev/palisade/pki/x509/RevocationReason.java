package dev.palisade.pki.x509;

import java.util.Arrays;
import java.util.Optional;

/**
 * Why a certificate was revoked: the CRLReason codes of RFC 5280 section 5.3.1 (value 7 is unused there), with the
 * wire names Palisade's API and audit log use.
 */
public enum RevocationReason {
    UNSPECIFIED(0, "unspecified"),
    KEY_COMPROMISE(1, "key-compromise"),
    CA_COMPROMISE(2, "ca-compromise"),
    AFFILIATION_CHANGED(3, "affiliation-changed"),
    SUPERSEDED(4, "superseded"),
    CESSATION_OF_OPERATION(5, "cessation-of-operation"),
    CERTIFICATE_HOLD(6, "certificate-hold"),
    REMOVE_FROM_CRL(8, "remove-from-crl"),
    PRIVILEGE_WITHDRAWN(9, "privilege-withdrawn"),
    AA_COMPROMISE(10, "aa-compromise");

    private final int code;
    private final String wireName;

    RevocationReason(int code, String wireName) {
        this.code = code;
        this.wireName = wireName;
    }

    /** The CRLReason ENUMERATED value. */
    public int code() {
        return code;
    }

    /** The name in Palisade's API, for example {@code key-compromise}. */
    public String wireName() {
        return wireName;
    }

    /** The reason with this CRLReason value; empty for 7 and for values RFC 5280 does not define. */
    public static Optional<RevocationReason> ofCode(int code) {
        return Arrays.stream(values()).filter(r -> r.code == code).findFirst();
    }

    /** The reason with this wire name, exactly as {@link #wireName()} spells it. */
    public static Optional<RevocationReason> ofWireName(String wireName) {
        return Arrays.stream(values()).filter(r -> r.wireName.equals(wireName)).findFirst();
    }
}
