package dev.palisade.pki;

import dev.palisade.identity.DeviceId;
import dev.palisade.pki.x509.CertificateProfile;
import dev.palisade.pki.x509.RevocationReason;
import dev.palisade.shared.TenantId;
import java.math.BigInteger;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.HexFormat;
import org.jspecify.annotations.Nullable;

/** A certificate Palisade issued, with its revocation state. */
public record IssuedCertificate(
        CaId issuer,
        BigInteger serial,
        TenantId tenant,
        @Nullable DeviceId device,
        CertificateProfile profile,
        X509Certificate certificate,
        byte[] publicKeySha256,
        Instant issuedAt,
        @Nullable Instant revokedAt,
        @Nullable RevocationReason revocationReason) {

    public IssuedCertificate {
        publicKeySha256 = publicKeySha256.clone();
    }

    @Override
    public byte[] publicKeySha256() {
        return publicKeySha256.clone();
    }

    /** The serial as stored and shown: lower-case hexadecimal without leading zeros. */
    public String serialHex() {
        return hex(serial);
    }

    public static String hex(BigInteger serial) {
        if (serial.signum() <= 0) {
            return serial.toString(16);
        }
        // HexFormat over the bytes: BigInteger.toString(16) divides its way through the number, and every issuance
        // writes its serial several times (row, audit record, event)
        String hex = HexFormat.of().formatHex(serial.toByteArray());
        int first = 0;
        while (first < hex.length() - 1 && hex.charAt(first) == '0') {
            first++;
        }
        return hex.substring(first);
    }
}
