package dev.palisade.pki.x509;

import dev.palisade.keys.FastCrypto;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.jspecify.annotations.Nullable;

/** Signature algorithms Palisade verifies, by OID, and verification through the fast EC provider where there is one. */
final class Signatures {

    private static final Map<PublicKey, PublicKey> FAST_FORM = new ConcurrentHashMap<>();

    /** The families of key a signature algorithm belongs to; an algorithm only verifies with a key of its family. */
    enum Family {
        ECDSA,
        RSA,
        ED25519
    }

    record Algorithm(String jcaName, Family family) {}

    private static final Map<ASN1ObjectIdentifier, Algorithm> BY_OID = Map.of(
            X9ObjectIdentifiers.ecdsa_with_SHA256, new Algorithm("SHA256withECDSA", Family.ECDSA),
            X9ObjectIdentifiers.ecdsa_with_SHA384, new Algorithm("SHA384withECDSA", Family.ECDSA),
            X9ObjectIdentifiers.ecdsa_with_SHA512, new Algorithm("SHA512withECDSA", Family.ECDSA),
            PKCSObjectIdentifiers.sha256WithRSAEncryption, new Algorithm("SHA256withRSA", Family.RSA),
            PKCSObjectIdentifiers.sha384WithRSAEncryption, new Algorithm("SHA384withRSA", Family.RSA),
            PKCSObjectIdentifiers.sha512WithRSAEncryption, new Algorithm("SHA512withRSA", Family.RSA),
            EdECObjectIdentifiers.id_Ed25519, new Algorithm("Ed25519", Family.ED25519));

    private Signatures() {}

    /**
     * The algorithm an identifier names, when Palisade verifies it and its parameters are as the standards fix them:
     * absent for ECDSA and Ed25519 (RFC 5758, RFC 8410), NULL or absent for PKCS#1 v1.5 RSA (RFC 4055). RSASSA-PSS is
     * not accepted: its parameters are a negotiation of their own that no Palisade device needs.
     */
    static Optional<Algorithm> algorithm(AlgorithmIdentifier identifier) {
        @Nullable Algorithm algorithm = BY_OID.get(identifier.getAlgorithm());
        if (algorithm == null) {
            return Optional.empty();
        }
        @Nullable ASN1Encodable parameters = identifier.getParameters();
        boolean parametersFit = parameters == null
                || (algorithm.family() == Family.RSA && DERNull.INSTANCE.equals(parameters.toASN1Primitive()));
        return parametersFit ? Optional.of(algorithm) : Optional.empty();
    }

    /**
     * {@code key} as the fast provider's own key object. Issuers' keys recur with every certificate: converted once,
     * not on every verification. Few issuers are ever seen by one process; the cache is emptied if it grows anyway.
     */
    private static PublicKey inFastForm(PublicKey key) throws GeneralSecurityException {
        if (FastCrypto.isFastForm(key)) {
            // a request's key, decoded by the fast provider: nothing to convert, and nothing worth remembering (hashing
            // it to look it up would encode it)
            return key;
        }
        PublicKey converted = FAST_FORM.get(key);
        if (converted == null) {
            converted = FastCrypto.forVerifying(key);
            if (FAST_FORM.size() > 256) {
                FAST_FORM.clear();
            }
            FAST_FORM.put(key, converted);
        }
        return converted;
    }

    /** Whether {@code signature} over {@code data} verifies with {@code key}; false for any failure to verify. */
    static boolean verify(Algorithm algorithm, PublicKey key, byte[] data, byte[] signature) {
        try {
            var provider = FastCrypto.ecProvider();
            Signature verifier = algorithm.family() == Family.ECDSA && provider != null
                    ? Signature.getInstance(algorithm.jcaName(), provider)
                    : Signature.getInstance(algorithm.jcaName());
            verifier.initVerify(provider != null && algorithm.family() == Family.ECDSA ? inFastForm(key) : key);
            verifier.update(data);
            return verifier.verify(signature);
        } catch (GeneralSecurityException | RuntimeException doesNotVerify) {
            return false;
        }
    }
}
