package dev.palisade.protocol.tuf;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.Signature;

/**
 * A {@link MetadataSigner} over a private key in memory: for tests, tools and development repositories. Production
 * signing goes through key custody instead.
 */
public final class SoftwareMetadataSigner implements MetadataSigner {

    private final PrivateKey privateKey;
    private final TufKey publicKey;
    private final KeyType type;

    private SoftwareMetadataSigner(PrivateKey privateKey, TufKey publicKey) {
        this.privateKey = privateKey;
        this.publicKey = publicKey;
        this.type =
                publicKey.type().orElseThrow(() -> new IllegalArgumentException("unsupported key type " + publicKey));
    }

    /** A signer for an Ed25519, P-256 or RSA (2048 bits or more) key pair. */
    public static SoftwareMetadataSigner of(KeyPair keyPair) {
        return new SoftwareMetadataSigner(keyPair.getPrivate(), TufKey.of(keyPair.getPublic()));
    }

    /** The public key, as it is listed in metadata. */
    public TufKey publicKey() {
        return publicKey;
    }

    @Override
    public KeyId keyId() {
        return publicKey.keyId();
    }

    @Override
    public byte[] sign(byte[] canonicalSigned) {
        try {
            Signature engine = type.signatureEngine(KeyType.defaultPssSaltLength());
            engine.initSign(privateKey);
            engine.update(canonicalSigned);
            return engine.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("signing with " + publicKey + " failed", e);
        }
    }
}
