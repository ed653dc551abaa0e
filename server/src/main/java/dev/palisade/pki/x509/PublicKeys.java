package dev.palisade.pki.x509;

import dev.palisade.keys.FastCrypto;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.Provider;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;

/** Public keys between their encodings, and the hashes that identify them. */
final class PublicKeys {

    private PublicKeys() {}

    /** The JDK key for an encoded SubjectPublicKeyInfo of a kind Palisade handles (EC, RSA, Ed25519), or empty. */
    static Optional<PublicKey> decode(SubjectPublicKeyInfo spki) {
        ASN1ObjectIdentifier algorithm = spki.getAlgorithm().getAlgorithm();
        String keyFactory;
        if (X9ObjectIdentifiers.id_ecPublicKey.equals(algorithm)) {
            keyFactory = "EC";
        } else if (PKCSObjectIdentifiers.rsaEncryption.equals(algorithm)) {
            keyFactory = "RSA";
        } else if (EdECObjectIdentifiers.id_Ed25519.equals(algorithm)) {
            keyFactory = "Ed25519";
        } else {
            return Optional.empty();
        }
        try {
            // EC keys in the fast provider's form, in which it verifies the request's signature without converting
            Provider fast = FastCrypto.ecProvider();
            KeyFactory factory = keyFactory.equals("EC") && fast != null
                    ? KeyFactory.getInstance(keyFactory, fast)
                    : KeyFactory.getInstance(keyFactory);
            return Optional.of(factory.generatePublic(new X509EncodedKeySpec(spki.getEncoded(ASN1Encoding.DER))));
        } catch (GeneralSecurityException | IOException | RuntimeException undecodable) {
            return Optional.empty();
        }
    }

    static SubjectPublicKeyInfo spki(PublicKey key) {
        byte[] encoded = key.getEncoded();
        if (encoded == null) {
            throw new IllegalArgumentException("the public key has no X.509 encoding");
        }
        return SubjectPublicKeyInfo.getInstance(encoded);
    }

    /** Whether two keys are the same key, compared by their SubjectPublicKeyInfo. */
    static boolean sameKey(PublicKey a, PublicKey b) {
        return spki(a).equals(spki(b));
    }

    /**
     * SHA-1 of the subjectPublicKey BIT STRING's value (without tag, length and unused-bits octet): the key identifier
     * of RFC 5280 section 4.2.1.2 method (1), and the KeyHash of OCSP CertIDs and responder ids (RFC 6960).
     */
    static byte[] keyBitsHash(SubjectPublicKeyInfo spki, String digest) {
        return digest(digest, spki.getPublicKeyData().getBytes());
    }

    /** SHA-256 of the whole DER SubjectPublicKeyInfo: a key's identity across certificates and requests. */
    static byte[] spkiSha256(SubjectPublicKeyInfo spki) {
        try {
            return digest("SHA-256", spki.getEncoded(ASN1Encoding.DER));
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode a parsed SubjectPublicKeyInfo", e);
        }
    }

    static byte[] digest(String algorithm, byte[] data) {
        try {
            return MessageDigest.getInstance(algorithm).digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK provides " + algorithm, e);
        }
    }
}
