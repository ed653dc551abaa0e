package dev.palisade.pki.x509;

import java.io.IOException;
import java.security.cert.X509Certificate;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;

/** Subject and authority key identifiers (RFC 5280 sections 4.2.1.1 and 4.2.1.2). */
final class KeyIdentifiers {

    private KeyIdentifiers() {}

    /** Method (1) of RFC 5280 4.2.1.2: the SHA-1 of the subjectPublicKey bits; what verifiers and openssl expect. */
    static SubjectKeyIdentifier subjectKeyIdentifier(SubjectPublicKeyInfo spki) {
        return new SubjectKeyIdentifier(PublicKeys.keyBitsHash(spki, "SHA-1"));
    }

    /**
     * The authority key identifier of whatever {@code issuer} signs: the issuer's own subject key identifier when it
     * has one (path building matches the two byte for byte), otherwise computed as above. Only the keyIdentifier is
     * set; issuer name and serial would pin the chain to one issuer certificate and break re-issued CA certificates.
     */
    static AuthorityKeyIdentifier authorityKeyIdentifier(X509Certificate issuer) {
        byte[] extension = issuer.getExtensionValue(Extension.subjectKeyIdentifier.getId());
        if (extension != null) {
            try {
                byte[] value = ASN1OctetString.getInstance(extension).getOctets();
                return new AuthorityKeyIdentifier(SubjectKeyIdentifier.getInstance(ASN1OctetString.fromByteArray(value))
                        .getKeyIdentifier());
            } catch (IOException | RuntimeException unreadable) {
                // fall through to computing it: a certificate whose SKI cannot be read still has a key
            }
        }
        SubjectPublicKeyInfo spki =
                SubjectPublicKeyInfo.getInstance(issuer.getPublicKey().getEncoded());
        return new AuthorityKeyIdentifier(PublicKeys.keyBitsHash(spki, "SHA-1"));
    }
}
