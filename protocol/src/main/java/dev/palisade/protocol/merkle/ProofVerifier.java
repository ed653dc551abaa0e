package dev.palisade.protocol.merkle;

import java.security.MessageDigest;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Checks inclusion and consistency proofs with the algorithms of RFC 9162 §2.1.3.2 and §2.1.4.2.
 *
 * <p>Proofs, sizes and hashes usually come from someone else, so nothing here throws for bad input: anything that
 * does not prove what it claims (wrong length, wrong hashes, impossible sizes, hashes that are not 32 bytes) is simply
 * not verified. Hashes are compared with {@link MessageDigest#isEqual}.
 */
public final class ProofVerifier {

    private ProofVerifier() {}

    /**
     * Whether {@code proof} shows that {@code leafHash} is leaf {@code leafIndex} of the tree with {@code rootHash}.
     *
     * <p>Take the size and root from the same signed checkpoint: trees of neighbouring sizes can share a path shape
     * (leaf 0 of 3 leaves and of 4), so it is the root that pins the size down.
     */
    public static boolean verifyInclusion(
            long leafIndex, long treeSize, byte[] leafHash, List<byte[]> proof, byte[] rootHash) {
        byte[] computed = inclusionRoot(leafIndex, treeSize, leafHash, proof);
        return computed != null && isHash(rootHash) && MessageDigest.isEqual(computed, rootHash);
    }

    /**
     * The root hash that an inclusion proof leads to, for callers that look the expected root up afterwards.
     *
     * @throws IllegalArgumentException if the proof cannot belong to a leaf at that index in a tree of that size
     */
    public static byte[] rootFromInclusionProof(long leafIndex, long treeSize, byte[] leafHash, List<byte[]> proof) {
        byte[] computed = inclusionRoot(leafIndex, treeSize, leafHash, proof);
        if (computed == null) {
            throw new IllegalArgumentException("not an inclusion proof for leaf " + leafIndex + " of a tree of size "
                    + treeSize + " (" + proof.size() + " hashes given)");
        }
        return computed;
    }

    /**
     * Whether {@code proof} shows that the tree with {@code toRoot} extends the one with {@code fromRoot}.
     *
     * <p>Equal sizes verify only with an empty proof and equal roots. {@code fromSize} 0 never verifies: every tree
     * extends the empty one, so there is no proof to check, and a caller meaning that should not ask.
     */
    public static boolean verifyConsistency(
            long fromSize, long toSize, byte[] fromRoot, byte[] toRoot, List<byte[]> proof) {
        if (fromSize <= 0 || toSize < fromSize || !isHash(fromRoot) || !isHash(toRoot) || !allHashes(proof)) {
            return false;
        }
        if (fromSize == toSize) {
            return proof.isEmpty() && MessageDigest.isEqual(fromRoot, toRoot);
        }
        if (proof.isEmpty()) {
            return false;
        }
        // Step 2: a power-of-two old tree is a single node of the new one, so its root is the proof's implicit start.
        int next = 0;
        byte[] first;
        if (Long.bitCount(fromSize) == 1) {
            first = fromRoot;
        } else {
            first = proof.get(next++);
        }
        long fn = fromSize - 1;
        long sn = toSize - 1;
        // Step 4: skip the levels where the old tree's last leaf is a right child within the shared subtree.
        while ((fn & 1) == 1) {
            fn >>>= 1;
            sn >>>= 1;
        }
        byte[] fr = first;
        byte[] sr = first;
        for (; next < proof.size(); next++) {
            byte[] c = proof.get(next);
            if (sn == 0) {
                return false; // the proof is longer than the tree is tall
            }
            if ((fn & 1) == 1 || fn == sn) {
                fr = MerkleHashes.nodeHash(c, fr);
                sr = MerkleHashes.nodeHash(c, sr);
                while ((fn & 1) == 0 && fn != 0) {
                    fn >>>= 1;
                    sn >>>= 1;
                }
            } else {
                sr = MerkleHashes.nodeHash(sr, c);
            }
            fn >>>= 1;
            sn >>>= 1;
        }
        return sn == 0 && MessageDigest.isEqual(fr, fromRoot) && MessageDigest.isEqual(sr, toRoot);
    }

    /** RFC 9162 §2.1.3.2 steps 1–4 and the size check of step 5; null where the proof cannot fit. */
    private static byte @Nullable [] inclusionRoot(long leafIndex, long treeSize, byte[] leafHash, List<byte[]> proof) {
        if (leafIndex < 0 || leafIndex >= treeSize || !isHash(leafHash) || !allHashes(proof)) {
            return null;
        }
        long fn = leafIndex;
        long sn = treeSize - 1;
        byte[] r = leafHash;
        for (byte[] p : proof) {
            if (sn == 0) {
                return null; // the proof is longer than the path from this leaf to the root
            }
            if ((fn & 1) == 1 || fn == sn) {
                r = MerkleHashes.nodeHash(p, r);
                // A leaf on the right edge has no sibling on the levels where it is a left child: skip them.
                while ((fn & 1) == 0 && fn != 0) {
                    fn >>>= 1;
                    sn >>>= 1;
                }
            } else {
                r = MerkleHashes.nodeHash(r, p);
            }
            fn >>>= 1;
            sn >>>= 1;
        }
        return sn == 0 ? r.clone() : null;
    }

    private static boolean isHash(byte[] hash) {
        return hash.length == MerkleHashes.HASH_LENGTH;
    }

    private static boolean allHashes(List<byte[]> proof) {
        return proof.stream().allMatch(ProofVerifier::isHash);
    }
}
