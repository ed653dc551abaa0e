package dev.palisade.pki.x509;

import java.math.BigInteger;
import java.time.Instant;

/**
 * One revoked certificate as CRLs list it. {@link RevocationReason#UNSPECIFIED} is written as no reason code at all,
 * as RFC 5280 5.3.1 asks; {@link RevocationReason#REMOVE_FROM_CRL} belongs in delta CRLs only.
 */
public record RevokedEntry(BigInteger serial, Instant revokedAt, RevocationReason reason) {

    public RevokedEntry {
        Serials.requireValid(serial, "a revoked serial");
    }
}
