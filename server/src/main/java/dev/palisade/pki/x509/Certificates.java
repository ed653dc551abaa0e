package dev.palisade.pki.x509;

import dev.palisade.keys.SigningKey;
import java.io.IOException;
import java.security.PublicKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.Time;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;

/** Conversions and checks shared by everything that builds certificates. */
final class Certificates {

    private static final int SEQUENCE = 0x30;
    private static final int BIT_STRING = 0x03;

    private Certificates() {}

    /**
     * The X.509 time of {@code instant} (whole seconds; UTCTime until 2049, then GeneralizedTime, as RFC 5280 says).
     * Encoded here and read back: BouncyCastle's {@code Time(Date)} builds a date formatter on every call, which shows
     * in the cost of every certificate issued.
     */
    static Time time(Instant instant) {
        byte[] der = new DerWriter(17).time(instant).toByteArray();
        return Time.getInstance(Der.parseStrict(der).orElseThrow(() -> new IllegalStateException("unreadable time")));
    }

    static Date date(Instant instant) {
        return Date.from(instant.truncatedTo(ChronoUnit.SECONDS));
    }

    /** The certificate's subject exactly as encoded, so that issuer names of what it signs match byte for byte. */
    static X500Name subjectOf(X509Certificate certificate) {
        return X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded());
    }

    static X509CertificateHolder holder(X509Certificate certificate) {
        try {
            return new X509CertificateHolder(certificate.getEncoded());
        } catch (CertificateEncodingException | IOException e) {
            throw new IllegalArgumentException("the certificate cannot be encoded: " + e.getMessage(), e);
        }
    }

    static void addExtension(
            X509v3CertificateBuilder builder, ASN1ObjectIdentifier oid, boolean critical, ASN1Encodable value) {
        try {
            builder.addExtension(oid, critical, value);
        } catch (CertIOException e) {
            throw new IllegalStateException("cannot encode extension " + oid + ": " + e.getMessage(), e);
        }
    }

    /**
     * Converts to the JDK's type after checking the signature against the issuer's key: a custody back end that signed
     * with the wrong key, or a faulty one, must not hand out a certificate nobody can verify.
     */
    static X509Certificate toVerifiedCertificate(X509CertificateHolder holder, PublicKey issuerKey) {
        byte[] tbs;
        try {
            tbs = holder.toASN1Structure().getTBSCertificate().getEncoded(ASN1Encoding.DER);
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode the TBSCertificate", e);
        }
        return toVerifiedCertificate(holder, tbs, issuerKey);
    }

    /**
     * As {@link #toVerifiedCertificate(X509CertificateHolder, PublicKey)}, given {@code tbs}, the holder's
     * TBSCertificate exactly as it was signed ({@link SigningKeyContentSigner#lastSigned}).
     */
    static X509Certificate toVerifiedCertificate(X509CertificateHolder holder, byte[] tbs, PublicKey issuerKey) {
        verifySignature(holder, tbs, issuerKey);
        try {
            return new JcaX509CertificateConverter().getCertificate(holder);
        } catch (CertificateException e) {
            throw new IllegalStateException("the certificate just built cannot be read: " + e.getMessage(), e);
        }
    }

    /**
     * As {@link #toVerifiedCertificate(X509CertificateHolder, byte[], PublicKey)}, for certificates that are only
     * stored and sent (device certificates): assembled around the signed bytes without encoding them again, and read
     * in full only if someone asks ({@link BuiltCertificate}); {@code spec} is what the holder was built from.
     */
    static X509Certificate toBuiltCertificate(
            X509CertificateHolder holder, byte[] tbs, PublicKey issuerKey, IssueSpec spec) {
        byte[] signature = verifySignature(holder, tbs, issuerKey);
        return new BuiltCertificate(
                certificateDer(tbs, holder.getSignatureAlgorithm(), signature),
                tbs,
                signature,
                spec.serial(),
                date(spec.notBefore()),
                date(spec.notAfter()));
    }

    /** Throws unless the holder's signature over {@code tbs} verifies with {@code issuerKey}; returns it. */
    private static byte[] verifySignature(X509CertificateHolder holder, byte[] tbs, PublicKey issuerKey) {
        var algorithm = Signatures.algorithm(holder.getSignatureAlgorithm())
                .orElseThrow(() -> new IllegalStateException("signed with an unknown algorithm"));
        byte[] signature = holder.getSignature();
        if (!Signatures.verify(algorithm, issuerKey, tbs, signature)) {
            throw new IllegalStateException("the signing key produced a signature that does not verify");
        }
        return signature;
    }

    /** Certificate ::= SEQUENCE { tbsCertificate, signatureAlgorithm, signatureValue BIT STRING } (RFC 5280 4.1). */
    private static byte[] certificateDer(byte[] tbs, AlgorithmIdentifier algorithm, byte[] signature) {
        byte[] algorithmDer = DerWriter.der(algorithm);
        int bitString = 1 + signature.length; // the unused-bits octet, then the signature
        int content = tbs.length + algorithmDer.length + DerWriter.headerLength(bitString) + bitString;
        return new DerWriter(DerWriter.headerLength(content) + content)
                .header(SEQUENCE, content)
                .bytes(tbs)
                .bytes(algorithmDer)
                .header(BIT_STRING, bitString)
                .bytes(new byte[] {0})
                .bytes(signature)
                .toByteArray();
    }

    /** Throws unless {@code key} is the key of {@code certificate}: signing with another would be unverifiable. */
    static void requireKeyOf(SigningKey key, X509Certificate certificate, String role) {
        if (!PublicKeys.sameKey(key.publicKey(), certificate.getPublicKey())) {
            throw new IllegalArgumentException(
                    "the " + role + " key " + key.alias() + " is not the key of the " + role + " certificate");
        }
    }

    /** Throws unless {@code certificate} is a CA allowed to sign certificates or, with {@code crl}, CRLs. */
    static void requireCa(X509Certificate certificate, boolean crl) {
        if (certificate.getBasicConstraints() < 0) {
            throw new IllegalArgumentException("the issuer certificate is not a CA certificate");
        }
        boolean[] usage = certificate.getKeyUsage();
        int bit = crl ? 6 : 5;
        if (usage != null && (usage.length <= bit || !usage[bit])) {
            throw new IllegalArgumentException(
                    "the issuer certificate's key usage does not allow " + (crl ? "cRLSign" : "keyCertSign"));
        }
    }
}
