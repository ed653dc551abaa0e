package dev.palisade.pki.x509;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * What {@link CsrInspector} accepts: which key types, and how many bytes of request (DER or PEM) it reads at most.
 * A device CSR is a few hundred bytes to 2 KiB (RSA-4096 in PEM); the default bound of 16 KiB leaves room for
 * extension requests and refuses anything built to exhaust the parser.
 */
public record CsrPolicy(Set<KeyType> allowedKeyTypes, int maxBytes) {

    /** The default size bound: 16 KiB. */
    public static final int DEFAULT_MAX_BYTES = 16 * 1024;

    private static final int SMALLEST_BOUND = 256;
    private static final int LARGEST_BOUND = 1024 * 1024;

    public CsrPolicy {
        if (allowedKeyTypes.isEmpty()) {
            throw new IllegalArgumentException("a CSR policy allows at least one key type");
        }
        if (maxBytes < SMALLEST_BOUND || maxBytes > LARGEST_BOUND) {
            throw new IllegalArgumentException(
                    "a CSR size bound is between " + SMALLEST_BOUND + " and " + LARGEST_BOUND + " bytes: " + maxBytes);
        }
        // an EnumSet keeps the types in declaration order, which messages that list them show
        allowedKeyTypes = Collections.unmodifiableSet(EnumSet.copyOf(allowedKeyTypes));
    }

    /** Every key type, at most {@link #DEFAULT_MAX_BYTES}. */
    public static CsrPolicy defaults() {
        return new CsrPolicy(EnumSet.allOf(KeyType.class), DEFAULT_MAX_BYTES);
    }

    /** Whether keys of {@code type} are accepted. */
    public boolean allows(KeyType type) {
        return allowedKeyTypes.contains(type);
    }
}
