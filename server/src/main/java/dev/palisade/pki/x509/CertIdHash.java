package dev.palisade.pki.x509;

import java.util.Optional;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.oiw.OIWObjectIdentifiers;

/**
 * The hash algorithms of OCSP CertIDs the responder answers: SHA-1, which RFC 5019 clients and openssl use by default,
 * and SHA-256. A CertID is only a lookup key here, so SHA-1's collision weakness does not matter.
 */
enum CertIdHash {
    SHA1(OIWObjectIdentifiers.idSHA1, "SHA-1"),
    SHA256(NISTObjectIdentifiers.id_sha256, "SHA-256");

    private final String oid; // a String, not BouncyCastle's type: enum fields should be immutable
    private final String jcaName;

    CertIdHash(ASN1ObjectIdentifier oid, String jcaName) {
        this.oid = oid.getId();
        this.jcaName = jcaName;
    }

    String jcaName() {
        return jcaName;
    }

    static Optional<CertIdHash> of(ASN1ObjectIdentifier oid) {
        for (CertIdHash hash : values()) {
            if (hash.oid.equals(oid.getId())) {
                return Optional.of(hash);
            }
        }
        return Optional.empty();
    }
}
