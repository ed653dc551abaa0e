package dev.palisade.protocol.merkle;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * The hash of the perfect subtree at {@code id}: what a log stores so that it can later answer proofs.
 *
 * @param id coordinates of the subtree
 * @param hash its 32-byte Merkle tree hash; copied in and out, so the record stays immutable
 */
@SuppressWarnings("ArrayRecordComponent") // copied defensively; equals and hashCode compare contents
public record NodeHash(NodeId id, byte[] hash) {

    /** Copies the hash and checks that it is 32 bytes long. */
    public NodeHash {
        hash = MerkleHashes.requireHash(hash, "node hash").clone();
    }

    /** Shorthand for {@code new NodeHash(new NodeId(level, index), hash)}. */
    public static NodeHash of(int level, long index, byte[] hash) {
        return new NodeHash(new NodeId(level, index), hash);
    }

    /** A copy of the 32-byte hash. */
    @Override
    public byte[] hash() {
        return hash.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof NodeHash that && id.equals(that.id) && MessageDigest.isEqual(hash, that.hash);
    }

    @Override
    public int hashCode() {
        return 31 * id.hashCode() + Arrays.hashCode(hash);
    }

    @Override
    public String toString() {
        return "NodeHash[level=" + id.level() + ", index=" + id.index() + ", hash="
                + HexFormat.of().formatHex(hash) + "]";
    }
}
