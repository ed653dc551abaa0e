package dev.palisade.protocol.merkle;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The RFC 9162 §2.1.1 hashing rules with SHA-256: leaves and interior nodes are hashed with different one-byte
 * prefixes so that a leaf can never be passed off as an interior node (a second-preimage defence).
 *
 * <p>Every hash is a fresh 32-byte array that the caller owns.
 */
public final class MerkleHashes {

    /** Length in bytes of every hash in the tree. */
    public static final int HASH_LENGTH = 32;

    private static final byte LEAF_PREFIX = 0x00;
    private static final byte NODE_PREFIX = 0x01;

    private MerkleHashes() {}

    /** {@code SHA-256(0x00 || leafData)}: the hash of one log entry. */
    public static byte[] leafHash(byte[] leafData) {
        MessageDigest digest = sha256();
        digest.update(LEAF_PREFIX);
        digest.update(leafData);
        return digest.digest();
    }

    /**
     * {@code SHA-256(0x01 || left || right)}: the hash of an interior node.
     *
     * @throws IllegalArgumentException if either child is not a 32-byte hash
     */
    public static byte[] nodeHash(byte[] left, byte[] right) {
        requireHash(left, "left child");
        requireHash(right, "right child");
        MessageDigest digest = sha256();
        digest.update(NODE_PREFIX);
        digest.update(left);
        digest.update(right);
        return digest.digest();
    }

    /** {@code SHA-256()} of no input: the root hash of the empty tree. */
    public static byte[] emptyRoot() {
        return sha256().digest();
    }

    /** Throws {@link IllegalArgumentException} naming {@code what} unless {@code hash} is 32 bytes long. */
    static byte[] requireHash(byte[] hash, String what) {
        if (hash.length != HASH_LENGTH) {
            throw new IllegalArgumentException(
                    what + " must be a " + HASH_LENGTH + "-byte SHA-256 hash, not " + hash.length + " bytes");
        }
        return hash;
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            // Every Java platform must provide SHA-256, so this is a broken runtime rather than bad input.
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}
