package dev.palisade.protocol.tuf;

/**
 * Signs the canonical bytes of a {@code signed} object with a private key held elsewhere: key custody (an HSM through
 * PKCS#11, an encrypted keystore) implements this, so that the private key never enters the protocol code.
 */
public interface MetadataSigner {

    /** The key id of the public key that verifies this signer's signatures. */
    KeyId keyId();

    /**
     * The signature of {@code canonicalSigned} in the key's TUF scheme: raw 64 bytes for Ed25519, DER for ECDSA P-256
     * with SHA-256, RSASSA-PSS with SHA-256 and MGF1-SHA-256 for RSA.
     */
    byte[] sign(byte[] canonicalSigned);
}
