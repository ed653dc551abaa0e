package dev.palisade.protocol.merkle;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * The compact range of a tree {@code [0, size)}: one hash per perfect subtree in the binary decomposition of
 * {@code size}, largest (leftmost) first. A tree of size 6 = 4 + 2, for example, is held as the hashes of nodes
 * (level 2, index 0) and (level 1, index 2).
 *
 * <p>This is all a log needs to append leaves and compute roots without reading older nodes, so it is what the server
 * keeps beside its latest checkpoint. Instances are immutable: {@link #append} returns a new frontier.
 */
public final class TreeFrontier {

    private static final TreeFrontier EMPTY = new TreeFrontier(0, List.of());

    private final long size;
    private final List<byte[]> hashes;

    private TreeFrontier(long size, List<byte[]> hashes) {
        this.size = size;
        this.hashes = hashes;
    }

    /** The frontier of the empty tree. */
    public static TreeFrontier empty() {
        return EMPTY;
    }

    /**
     * A frontier from its parts, checking that there is exactly one 32-byte hash per set bit of {@code size}.
     *
     * @param hashes the perfect subtree hashes, largest first; copied
     */
    public static TreeFrontier of(long size, List<byte[]> hashes) {
        if (size < 0) {
            throw new IllegalArgumentException("tree size must not be negative, not " + size);
        }
        if (hashes.size() != Long.bitCount(size)) {
            throw new IllegalArgumentException("a tree of size " + size + " has " + Long.bitCount(size)
                    + " perfect subtrees in its frontier, not " + hashes.size());
        }
        List<byte[]> copies = new ArrayList<>(hashes.size());
        for (byte[] hash : hashes) {
            copies.add(MerkleHashes.requireHash(hash, "frontier hash").clone());
        }
        return new TreeFrontier(size, List.copyOf(copies));
    }

    /** The coordinates of the nodes that make up the frontier of a tree of {@code size}, largest first. */
    public static List<NodeId> nodeIds(long size) {
        if (size < 0) {
            throw new IllegalArgumentException("tree size must not be negative, not " + size);
        }
        List<NodeId> ids = new ArrayList<>();
        long start = 0;
        for (int level = 62; level >= 0; level--) {
            if ((size & (1L << level)) != 0) {
                ids.add(new NodeId(level, start >>> level));
                start += 1L << level;
            }
        }
        return ids;
    }

    /** Rebuilds the frontier of a tree of {@code size} from stored nodes, e.g. after a restart. */
    public static TreeFrontier load(long size, NodeSource nodes) {
        List<byte[]> hashes = new ArrayList<>();
        for (NodeId id : nodeIds(size)) {
            hashes.add(nodes.perfectNode(id.level(), id.index()));
        }
        return of(size, hashes);
    }

    /** Number of leaves in the tree. */
    public long size() {
        return size;
    }

    /** Copies of the perfect subtree hashes, largest (leftmost) first. */
    public List<byte[]> hashes() {
        return hashes.stream().map(byte[]::clone).toList();
    }

    /**
     * Appends one leaf.
     *
     * @param leafHash the leaf's {@link MerkleHashes#leafHash}
     * @return the frontier of size {@code size() + 1}, and every node that became complete: the leaf itself at level 0,
     *     then each interior node it completed, by increasing level. Storing these after every append leaves the
     *     store holding every complete perfect subtree, which is all {@link MerkleProofs} reads.
     */
    public Appended append(byte[] leafHash) {
        if (size == Long.MAX_VALUE) {
            throw new IllegalStateException("the tree is full");
        }
        byte[] carry = MerkleHashes.requireHash(leafHash, "leaf hash").clone();
        List<NodeHash> completed = new ArrayList<>();
        completed.add(NodeHash.of(0, size, carry));
        List<byte[]> next = new ArrayList<>(hashes);
        // Like incrementing a binary counter: each set low bit of size is a perfect subtree of that height which the
        // new leaf's subtree now pairs with, until the first clear bit.
        int level = 0;
        while ((size & (1L << level)) != 0) {
            byte[] left = next.removeLast();
            carry = MerkleHashes.nodeHash(left, carry);
            level++;
            completed.add(NodeHash.of(level, size >>> level, carry));
        }
        next.add(carry);
        return new Appended(new TreeFrontier(size + 1, List.copyOf(next)), List.copyOf(completed));
    }

    /** The RFC 9162 Merkle tree hash of the whole tree; {@link MerkleHashes#emptyRoot()} when it is empty. */
    public byte[] rootHash() {
        if (hashes.isEmpty()) {
            return MerkleHashes.emptyRoot();
        }
        // The RFC recursion splits off the largest perfect subtree on the left, so the root folds from the right.
        byte[] root = hashes.getLast();
        for (int i = hashes.size() - 2; i >= 0; i--) {
            root = MerkleHashes.nodeHash(hashes.get(i), root);
        }
        return root.clone();
    }

    /** Encodes the frontier as the 8-byte big-endian size followed by the 32-byte hashes, largest first. */
    public byte[] toBytes() {
        ByteBuffer buffer = ByteBuffer.allocate(Long.BYTES + hashes.size() * MerkleHashes.HASH_LENGTH);
        buffer.putLong(size);
        hashes.forEach(buffer::put);
        return buffer.array();
    }

    /**
     * Decodes {@link #toBytes()}.
     *
     * @throws IllegalArgumentException if the size is negative or the length does not match it exactly
     */
    public static TreeFrontier fromBytes(byte[] encoded) {
        if (encoded.length < Long.BYTES) {
            throw new IllegalArgumentException(
                    "an encoded frontier starts with an 8-byte size, but only " + encoded.length + " bytes were given");
        }
        ByteBuffer buffer = ByteBuffer.wrap(encoded);
        long size = buffer.getLong();
        if (size < 0) {
            throw new IllegalArgumentException("encoded frontier has a negative tree size " + size);
        }
        int expected = Long.BYTES + Long.bitCount(size) * MerkleHashes.HASH_LENGTH;
        if (encoded.length != expected) {
            throw new IllegalArgumentException("an encoded frontier of tree size " + size + " is " + expected
                    + " bytes long, not " + encoded.length);
        }
        List<byte[]> hashes = new ArrayList<>();
        while (buffer.hasRemaining()) {
            byte[] hash = new byte[MerkleHashes.HASH_LENGTH];
            buffer.get(hash);
            hashes.add(hash);
        }
        return new TreeFrontier(size, List.copyOf(hashes));
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof TreeFrontier that && MessageDigest.isEqual(toBytes(), that.toBytes());
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(toBytes());
    }

    @Override
    public String toString() {
        return "TreeFrontier[size=" + size + ", root=" + HexFormat.of().formatHex(rootHash()) + "]";
    }

    /**
     * The result of {@link #append}.
     *
     * @param frontier the frontier after the append
     * @param completedNodes the new leaf (level 0) and every interior node it completed, by increasing level
     */
    public record Appended(TreeFrontier frontier, List<NodeHash> completedNodes) {

        /** Copies the list of nodes. */
        public Appended {
            completedNodes = List.copyOf(completedNodes);
        }
    }
}
