package dev.palisade.protocol.merkle;

import java.util.ArrayList;
import java.util.List;

/**
 * Builds root hashes, inclusion proofs and consistency proofs as RFC 6962 §2.1 defines them (RFC 9162 §2.1.3 and
 * §2.1.4 keep the same algorithms), reading only stored perfect subtree hashes from a {@link NodeSource}.
 *
 * <p>Each {@code required…} method lists the exact nodes its counterpart reads, in the order it reads them, so that a
 * caller can fetch them in one query, wrap them with {@link NodeSource#of}, and then build the proof. Both run the same
 * code, so the two cannot drift apart.
 *
 * <p>Sizes and indexes are checked before anything is read; bad ones throw {@link IllegalArgumentException}.
 */
public final class MerkleProofs {

    private MerkleProofs() {}

    /** The Merkle tree hash of the first {@code treeSize} leaves; {@link MerkleHashes#emptyRoot()} for size 0. */
    public static byte[] rootHash(long treeSize, NodeSource nodes) {
        requireSize(treeSize, "tree size");
        if (treeSize == 0) {
            return MerkleHashes.emptyRoot();
        }
        return new Reader(nodes).subtree(0, treeSize);
    }

    /**
     * The Merkle tree hash of leaves {@code [start, end)} where that range is a subtree of the RFC 6962 recursion: it
     * is non-empty and {@code start} is a multiple of the smallest power of two not below its length. Such a range is
     * hashed from the perfect subtrees of its binary decomposition.
     */
    public static byte[] subtreeHash(long start, long end, NodeSource nodes) {
        requireSubtree(start, end);
        return new Reader(nodes).subtree(start, end);
    }

    /**
     * The audit path PATH(leafIndex, D[treeSize]) of RFC 6962 §2.1.1: sibling hashes from the leaf's neighbour up to
     * the root's other child.
     */
    public static List<byte[]> inclusionProof(long leafIndex, long treeSize, NodeSource nodes) {
        requireLeafInTree(leafIndex, treeSize);
        List<byte[]> proof = new ArrayList<>();
        new Reader(nodes).path(leafIndex, 0, treeSize, proof);
        return proof;
    }

    /**
     * The consistency proof PROOF(fromSize, D[toSize]) of RFC 6962 §2.1.2: empty when the sizes are equal.
     *
     * <p>{@code fromSize} 0 is refused: every tree is trivially consistent with the empty tree, so RFC 9162 defines no
     * proof for it, and a caller asking for one has most likely mixed up its sizes.
     */
    public static List<byte[]> consistencyProof(long fromSize, long toSize, NodeSource nodes) {
        requireConsistencySizes(fromSize, toSize);
        List<byte[]> proof = new ArrayList<>();
        if (fromSize < toSize) {
            new Reader(nodes).subproof(fromSize, 0, toSize, true, proof);
        }
        return proof;
    }

    /** The nodes that {@link #rootHash} reads, in order. */
    public static List<NodeId> requiredForRoot(long treeSize) {
        RecordingNodeSource recorder = new RecordingNodeSource();
        rootHash(treeSize, recorder);
        return recorder.requested();
    }

    /** The nodes that {@link #subtreeHash} reads, in order. */
    public static List<NodeId> requiredForSubtree(long start, long end) {
        RecordingNodeSource recorder = new RecordingNodeSource();
        subtreeHash(start, end, recorder);
        return recorder.requested();
    }

    /** The nodes that {@link #inclusionProof} reads, in order. */
    public static List<NodeId> requiredForInclusion(long leafIndex, long treeSize) {
        RecordingNodeSource recorder = new RecordingNodeSource();
        inclusionProof(leafIndex, treeSize, recorder);
        return recorder.requested();
    }

    /** The nodes that {@link #consistencyProof} reads, in order. */
    public static List<NodeId> requiredForConsistency(long fromSize, long toSize) {
        RecordingNodeSource recorder = new RecordingNodeSource();
        consistencyProof(fromSize, toSize, recorder);
        return recorder.requested();
    }

    /** Largest power of two strictly below {@code n}, for {@code n >= 2}: where RFC 6962 splits a tree of n leaves. */
    static long splitPoint(long n) {
        return Long.highestOneBit(n - 1);
    }

    private static void requireSize(long size, String what) {
        if (size < 0) {
            throw new IllegalArgumentException(what + " must not be negative, not " + size);
        }
    }

    private static void requireLeafInTree(long leafIndex, long treeSize) {
        requireSize(leafIndex, "leaf index");
        requireSize(treeSize, "tree size");
        if (treeSize == 0) {
            throw new IllegalArgumentException("the empty tree has no leaves to prove inclusion of");
        }
        if (leafIndex >= treeSize) {
            throw new IllegalArgumentException(
                    "leaf index " + leafIndex + " is not in a tree of size " + treeSize + " (indexes start at 0)");
        }
    }

    private static void requireConsistencySizes(long fromSize, long toSize) {
        requireSize(fromSize, "from size");
        requireSize(toSize, "to size");
        if (fromSize == 0) {
            throw new IllegalArgumentException(
                    "no consistency proof exists from the empty tree: every tree extends it, so there is nothing to prove");
        }
        if (fromSize > toSize) {
            throw new IllegalArgumentException(
                    "from size " + fromSize + " is larger than to size " + toSize + ": a log only grows");
        }
    }

    private static void requireSubtree(long start, long end) {
        requireSize(start, "subtree start");
        if (end <= start) {
            throw new IllegalArgumentException("subtree [" + start + ", " + end + ") is empty or reversed");
        }
        long width = end - start;
        long alignment = width == 1 ? 1 : Long.highestOneBit(width - 1) << 1;
        // Past 2^62 leaves the alignment overflows to 2^63, and only start 0 is a multiple of that.
        boolean aligned = alignment > 0 ? start % alignment == 0 : start == 0;
        if (!aligned) {
            throw new IllegalArgumentException("[" + start + ", " + end + ") is not a subtree of any Merkle tree: its"
                    + " start must be a multiple of " + (alignment <= 0 ? "2^63" : Long.toString(alignment)));
        }
    }

    /** Walks the RFC 6962 recursion over absolute leaf ranges, reading perfect subtrees from the source. */
    private record Reader(NodeSource nodes) {

        /** MTH of [start, end), a range already known to be a subtree of the recursion. */
        byte[] subtree(long start, long end) {
            long width = end - start;
            if (Long.bitCount(width) == 1) {
                int level = Long.numberOfTrailingZeros(width);
                return perfect(level, start >>> level);
            }
            long split = start + splitPoint(width);
            return MerkleHashes.nodeHash(subtree(start, split), subtree(split, end));
        }

        /** PATH(m, D[start:end]) with m given as an absolute leaf index; appends to {@code proof}. */
        void path(long leaf, long start, long end, List<byte[]> proof) {
            if (end - start == 1) {
                return;
            }
            long split = start + splitPoint(end - start);
            if (leaf < split) {
                path(leaf, start, split, proof);
                proof.add(subtree(split, end));
            } else {
                path(leaf, split, end, proof);
                proof.add(subtree(start, split));
            }
        }

        /** SUBPROOF(m, D[start:end], b) with m given as the absolute size of the old tree; appends to {@code proof}. */
        void subproof(long oldSize, long start, long end, boolean startsOldTree, List<byte[]> proof) {
            if (oldSize == end) {
                // When the old tree is exactly this subtree, the verifier already knows its hash only if it is the
                // whole old tree (b is true); otherwise the proof must carry it.
                if (!startsOldTree) {
                    proof.add(subtree(start, end));
                }
                return;
            }
            long split = start + splitPoint(end - start);
            if (oldSize <= split) {
                subproof(oldSize, start, split, startsOldTree, proof);
                proof.add(subtree(split, end));
            } else {
                subproof(oldSize, split, end, false, proof);
                proof.add(subtree(start, split));
            }
        }

        private byte[] perfect(int level, long index) {
            byte[] hash = nodes.perfectNode(level, index);
            if (hash.length != MerkleHashes.HASH_LENGTH) {
                throw new IllegalStateException("stored node at level " + level + ", index " + index + " is "
                        + hash.length + " bytes long, not " + MerkleHashes.HASH_LENGTH);
            }
            return hash.clone();
        }
    }
}
