package dev.palisade.pki.x509;

import dev.palisade.keys.KeyAlgorithm;
import dev.palisade.keys.SigningKey;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.operator.ContentSigner;

/**
 * A BouncyCastle {@link ContentSigner} backed by a key in custody: BouncyCastle writes the bytes to be signed (a
 * TBSCertificate, TBSCertList, ResponseData or CertificationRequestInfo), the key signs them, and the private key
 * never leaves its store. One instance per signature: it collects bytes, and {@link #getSignature()} signs and resets.
 * Not thread-safe.
 */
public final class SigningKeyContentSigner implements ContentSigner {

    private final SigningKey key;
    private final AlgorithmIdentifier algorithm;
    private final ByteArrayOutputStream toBeSigned = new ByteArrayOutputStream();
    private byte[] lastSigned = new byte[0];

    /** A signer for one signature by {@code key}, with the algorithm identifier its algorithm implies. */
    public SigningKeyContentSigner(SigningKey key) {
        this.key = key;
        this.algorithm = algorithmIdentifier(key.algorithm());
    }

    /**
     * The signatureAlgorithm identifier for what {@link KeyAlgorithm#signatureAlgorithm()} produces: ecdsa-with-SHA256
     * and ecdsa-with-SHA384 without parameters (RFC 5758), sha256WithRSAEncryption with NULL parameters (RFC 4055),
     * id-Ed25519 without parameters (RFC 8410).
     */
    public static AlgorithmIdentifier algorithmIdentifier(KeyAlgorithm algorithm) {
        return switch (algorithm) {
            case ED25519 -> new AlgorithmIdentifier(EdECObjectIdentifiers.id_Ed25519);
            case ECDSA_P256 -> new AlgorithmIdentifier(X9ObjectIdentifiers.ecdsa_with_SHA256);
            case ECDSA_P384 -> new AlgorithmIdentifier(X9ObjectIdentifiers.ecdsa_with_SHA384);
            case RSA_3072 -> new AlgorithmIdentifier(PKCSObjectIdentifiers.sha256WithRSAEncryption, DERNull.INSTANCE);
        };
    }

    @Override
    public AlgorithmIdentifier getAlgorithmIdentifier() {
        return algorithm;
    }

    @Override
    public OutputStream getOutputStream() {
        return toBeSigned;
    }

    @Override
    public byte[] getSignature() {
        byte[] message = toBeSigned.toByteArray();
        toBeSigned.reset();
        lastSigned = message;
        return key.sign(message);
    }

    /**
     * The bytes of the last signature made (the DER of what BouncyCastle wrote): the structure just signed, as signed,
     * without encoding it again; empty before the first.
     */
    public byte[] lastSigned() {
        return lastSigned.clone();
    }
}
