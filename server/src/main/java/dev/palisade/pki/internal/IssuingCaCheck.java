package dev.palisade.pki.internal;

import dev.palisade.pki.CertificateAuthority;
import dev.palisade.pki.x509.PalisadeNames;
import dev.palisade.shared.problem.InvalidInputException;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import org.bouncycastle.asn1.x500.X500Name;

/**
 * What a certificate must be to become a tenant's issuing CA: for the key in custody, with the subject the CA asked
 * for, a CA limited to issuing end-entity certificates, name-constrained, signed by the configured root, and valid.
 */
public final class IssuingCaCheck {

    private static final Duration MINIMUM_REMAINING = Duration.ofDays(1);

    private IssuingCaCheck() {}

    public static void check(
            X509Certificate certificate, CertificateAuthority ca, PublicKey key, X509Certificate root, Instant now) {
        if (!MessageDigest.isEqual(certificate.getPublicKey().getEncoded(), key.getEncoded())) {
            refuse("the certificate is not for this CA's key");
        }
        X500Name expected = PalisadeNames.tenantSubject(ca.tenant(), ca.commonName());
        if (!X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded())
                .equals(expected)) {
            refuse("the certificate's subject is not " + expected);
        }
        if (certificate.getBasicConstraints() != 0) {
            refuse("the certificate must be a CA with path length 0");
        }
        boolean[] usage = certificate.getKeyUsage();
        if (usage == null || !usage[5] || !usage[6]) {
            refuse("the certificate must allow keyCertSign and cRLSign");
        }
        if (certificate.getExtensionValue("2.5.29.30") == null) {
            refuse("the certificate must carry the tenant's name constraints");
        }
        try {
            certificate.verify(root.getPublicKey());
        } catch (GeneralSecurityException e) {
            refuse("the certificate is not signed by the configured root");
        }
        if (now.isBefore(certificate.getNotBefore().toInstant())
                || now.plus(MINIMUM_REMAINING).isAfter(certificate.getNotAfter().toInstant())) {
            refuse("the certificate is not valid now, or expires within a day");
        }
    }

    private static void refuse(String detail) {
        throw new InvalidInputException("pki.ca.invalid-certificate", "certificate", detail);
    }
}
