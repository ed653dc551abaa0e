package dev.palisade.pki.x509;

import java.math.BigInteger;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * A signed CRL, ready to publish.
 *
 * @param der the CertificateList, DER encoded (served as {@code application/pkix-crl})
 * @param number the CRL number
 * @param baseNumber for a delta CRL the number of the full CRL it completes; null for a full CRL
 * @param thisUpdate when it was issued (whole seconds)
 * @param nextUpdate when the next one is due at the latest (whole seconds)
 * @param entries how many certificates it lists
 */
public record SignedCrl(
        byte[] der,
        BigInteger number,
        @Nullable BigInteger baseNumber,
        Instant thisUpdate,
        Instant nextUpdate,
        int entries) {

    public SignedCrl {
        der = der.clone();
    }

    @Override
    public byte[] der() {
        return der.clone();
    }

    /** The CRL in PEM ({@code X509 CRL}), for files and tools. */
    public String pem() {
        return Pem.encode("X509 CRL", der);
    }

    /** Whether this is a delta CRL. */
    public boolean isDelta() {
        return baseNumber != null;
    }

    @Override
    public boolean equals(@Nullable Object other) {
        return other instanceof SignedCrl that && MessageDigest.isEqual(der, that.der);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(der);
    }

    @Override
    public String toString() {
        return (isDelta() ? "DeltaCrl[" : "Crl[") + number + ", " + entries + " entries, next update " + nextUpdate
                + "]";
    }
}
