package dev.palisade.pki.x509;

import dev.palisade.keys.FastCrypto;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.RSAPublicKey;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.jspecify.annotations.Nullable;

/**
 * The public keys Palisade certifies. RSA keys shorter than 3072 bits fall short of 128-bit security and are refused;
 * so are curves other than P-256 and P-384 (no common device TLS stack verifies the others in hardware) and EC keys
 * with explicit curve parameters.
 */
public enum KeyType {
    EC_P256,
    EC_P384,
    RSA_3072,
    RSA_4096;

    /** The type of {@code key}, or empty when Palisade does not certify keys of its kind or size. */
    public static Optional<KeyType> of(PublicKey key) {
        if (FastCrypto.isFastForm(key) && key instanceof ECPublicKey ec) {
            // BoringSSL knows named curves only (no explicit parameters), and of them only the NIST ones: the field
            // size
            // names the curve, without encoding the key to read its OID
            return switch (ec.getParams().getCurve().getField().getFieldSize()) {
                case 256 -> Optional.of(EC_P256);
                case 384 -> Optional.of(EC_P384);
                default -> Optional.empty();
            };
        }
        byte[] encoded = key.getEncoded();
        if (encoded == null) {
            return Optional.empty();
        }
        try {
            return of(SubjectPublicKeyInfo.getInstance(encoded));
        } catch (RuntimeException notAnSpki) {
            return Optional.empty();
        }
    }

    /** Whether this is an elliptic-curve key type. */
    public boolean isEllipticCurve() {
        return this == EC_P256 || this == EC_P384;
    }

    static Optional<KeyType> of(SubjectPublicKeyInfo spki) {
        ASN1ObjectIdentifier algorithm = spki.getAlgorithm().getAlgorithm();
        @Nullable ASN1Encodable parameters = spki.getAlgorithm().getParameters();
        if (X9ObjectIdentifiers.id_ecPublicKey.equals(algorithm)) {
            if (SECObjectIdentifiers.secp256r1.equals(parameters)) {
                return Optional.of(EC_P256);
            }
            if (SECObjectIdentifiers.secp384r1.equals(parameters)) {
                return Optional.of(EC_P384);
            }
            return Optional.empty();
        }
        if (PKCSObjectIdentifiers.rsaEncryption.equals(algorithm)) {
            byte[] keyBits = spki.getPublicKeyData().getOctets();
            if (!Der.isWithinDepth(keyBits, Der.MAX_DEPTH)) {
                return Optional.empty();
            }
            int bits = RSAPublicKey.getInstance(keyBits).getModulus().bitLength();
            return switch (bits) {
                case 3072 -> Optional.of(RSA_3072);
                case 4096 -> Optional.of(RSA_4096);
                default -> Optional.empty();
            };
        }
        return Optional.empty();
    }
}
