package dev.palisade.protocol.merkle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProofVerifierTest {

    private static final int MAX_SIZE = 70;

    private final NaiveMerkleTree tree = NaiveMerkleTree.withLeaves(MAX_SIZE);
    private final NodeSource nodes = tree::perfectNode;

    @Test
    void everyInclusionProofVerifiesAndEveryTamperedOneIsRefused() {
        for (int size = 1; size <= MAX_SIZE; size++) {
            byte[] root = tree.mth(0, size);
            for (int leaf = 0; leaf < size; leaf++) {
                byte[] leafHash = tree.leaf(leaf);
                List<byte[]> proof = MerkleProofs.inclusionProof(leaf, size, nodes);

                assertThat(ProofVerifier.verifyInclusion(leaf, size, leafHash, proof, root))
                        .as("leaf %d of %d", leaf, size)
                        .isTrue();
                assertThat(ProofVerifier.rootFromInclusionProof(leaf, size, leafHash, proof))
                        .isEqualTo(root);
                for (List<byte[]> tampered : tamperings(proof, root)) {
                    assertThat(ProofVerifier.verifyInclusion(leaf, size, leafHash, tampered, root))
                            .as("tampered proof for leaf %d of %d", leaf, size)
                            .isFalse();
                }
                assertInclusionRefused(leaf + 1, size, leafHash, proof, root);
                assertInclusionRefused(leaf - 1, size, leafHash, proof, root);
                assertInclusionRefused(leaf ^ 2, size, leafHash, proof, root);
                // Not size ± 1: leaf 0 has the same path shape in trees of 3 and 4 leaves, so such a proof rightly
                // verifies. The root is what binds the size, which is why a checkpoint signs both together.
                assertInclusionRefused(leaf, size * 2L, leafHash, proof, root);
                assertInclusionRefused(leaf, size / 2, leafHash, proof, root);
                assertInclusionRefused(leaf, size, tree.leaf((leaf + 1) % MAX_SIZE), proof, root);
                assertInclusionRefused(leaf, size, leafHash, proof, flipBit(root, 255));
            }
        }
    }

    @Test
    void everyConsistencyProofVerifiesAndEveryTamperedOneIsRefused() {
        for (int to = 1; to <= MAX_SIZE; to++) {
            byte[] toRoot = tree.mth(0, to);
            for (int from = 1; from <= to; from++) {
                byte[] fromRoot = tree.mth(0, from);
                List<byte[]> proof = MerkleProofs.consistencyProof(from, to, nodes);

                assertThat(ProofVerifier.verifyConsistency(from, to, fromRoot, toRoot, proof))
                        .as("%d to %d", from, to)
                        .isTrue();
                for (List<byte[]> tampered : tamperings(proof, toRoot)) {
                    assertThat(ProofVerifier.verifyConsistency(from, to, fromRoot, toRoot, tampered))
                            .as("tampered proof from %d to %d", from, to)
                            .isFalse();
                }
                if (from == to) {
                    continue;
                }
                assertConsistencyRefused(from - 1, to, fromRoot, toRoot, proof);
                assertConsistencyRefused(from + 1, to, fromRoot, toRoot, proof);
                assertConsistencyRefused(from ^ 2, to, fromRoot, toRoot, proof);
                assertConsistencyRefused(from, to * 2L, fromRoot, toRoot, proof);
                assertConsistencyRefused(from, to / 2, fromRoot, toRoot, proof);
                assertConsistencyRefused(from, to, toRoot, fromRoot, proof);
                assertConsistencyRefused(from, to, flipBit(fromRoot, 3), toRoot, proof);
                assertConsistencyRefused(from, to, fromRoot, flipBit(toRoot, 3), proof);
                assertConsistencyRefused(from, to, fromRoot, toRoot, List.of());
            }
        }
    }

    @Test
    void publishedInclusionProofsVerifyAgainstThePublishedRoots() {
        for (CtTestVectors.InclusionVector vector : CtTestVectors.INCLUSION) {
            byte[] leafHash = CtTestVectors.leafHashes().get(Math.toIntExact(vector.leafIndex()));
            byte[] root = CtTestVectors.ROOTS.get(Math.toIntExact(vector.treeSize()));

            assertThat(ProofVerifier.verifyInclusion(
                            vector.leafIndex(), vector.treeSize(), leafHash, vector.proof(), root))
                    .as("leaf %d of %d", vector.leafIndex(), vector.treeSize())
                    .isTrue();
        }
    }

    @Test
    void publishedConsistencyProofsVerifyAgainstThePublishedRoots() {
        for (CtTestVectors.ConsistencyVector vector : CtTestVectors.CONSISTENCY) {
            byte[] fromRoot = CtTestVectors.ROOTS.get(Math.toIntExact(vector.fromSize()));
            byte[] toRoot = CtTestVectors.ROOTS.get(Math.toIntExact(vector.toSize()));

            assertThat(ProofVerifier.verifyConsistency(
                            vector.fromSize(), vector.toSize(), fromRoot, toRoot, vector.proof()))
                    .as("%d to %d", vector.fromSize(), vector.toSize())
                    .isTrue();
        }
    }

    @Test
    void singleLeafTreeVerifiesOnlyWithAnEmptyProofAndItsOwnHash() {
        byte[] leaf = MerkleHashes.leafHash(new byte[] {42});

        assertThat(ProofVerifier.verifyInclusion(0, 1, leaf, List.of(), leaf)).isTrue();
        assertThat(ProofVerifier.verifyInclusion(0, 1, leaf, List.of(leaf), leaf))
                .isFalse();
        assertThat(ProofVerifier.verifyInclusion(0, 1, leaf, List.of(), new byte[0]))
                .isFalse();
        assertThat(ProofVerifier.verifyInclusion(0, 1, new byte[0], List.of(), leaf))
                .isFalse();
    }

    @Test
    void impossibleSizesNeverVerify() {
        byte[] hash = MerkleHashes.leafHash(new byte[0]);

        assertThat(ProofVerifier.verifyInclusion(0, 0, hash, List.of(), hash)).isFalse();
        assertThat(ProofVerifier.verifyInclusion(-1, 1, hash, List.of(), hash)).isFalse();
        assertThat(ProofVerifier.verifyInclusion(1, 1, hash, List.of(), hash)).isFalse();
        assertThat(ProofVerifier.verifyConsistency(0, 0, hash, hash, List.of())).isFalse();
        assertThat(ProofVerifier.verifyConsistency(0, 1, MerkleHashes.emptyRoot(), hash, List.of()))
                .isFalse();
        assertThat(ProofVerifier.verifyConsistency(2, 1, hash, hash, List.of())).isFalse();
        assertThat(ProofVerifier.verifyConsistency(-1, 1, hash, hash, List.of()))
                .isFalse();
    }

    @Test
    void equalSizesAreConsistentOnlyWithEqualRootsAndAnEmptyProof() {
        byte[] root = tree.mth(0, 9);

        assertThat(ProofVerifier.verifyConsistency(9, 9, root, root, List.of())).isTrue();
        assertThat(ProofVerifier.verifyConsistency(9, 9, root, flipBit(root, 0), List.of()))
                .isFalse();
        assertThat(ProofVerifier.verifyConsistency(9, 9, root, root, List.of(root)))
                .isFalse();
    }

    @Test
    void rootFromInclusionProofRefusesAProofThatCannotFitTheTree() {
        byte[] leaf = tree.leaf(0);
        List<byte[]> proof = MerkleProofs.inclusionProof(0, 8, nodes);

        assertThatThrownBy(() -> ProofVerifier.rootFromInclusionProof(0, 8, leaf, proof.subList(0, 2)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("leaf 0 of a tree of size 8 (2 hashes given)");
        assertThatThrownBy(() -> ProofVerifier.rootFromInclusionProof(8, 8, leaf, proof))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** Each element with a flipped bit, each element dropped, an extra element at either end, and a swap. */
    private static List<List<byte[]>> tamperings(List<byte[]> proof, byte[] root) {
        List<List<byte[]>> result = new ArrayList<>();
        for (int i = 0; i < proof.size(); i++) {
            for (int bit : new int[] {0, 3, 100, 255}) {
                List<byte[]> flipped = new ArrayList<>(proof);
                flipped.set(i, flipBit(proof.get(i), bit));
                result.add(flipped);
            }
            List<byte[]> dropped = new ArrayList<>(proof);
            dropped.remove(i);
            result.add(dropped);
        }
        List<byte[]> extendedWithRoot = new ArrayList<>(proof);
        extendedWithRoot.add(root);
        result.add(extendedWithRoot);
        List<byte[]> extendedWithZeros = new ArrayList<>(proof);
        extendedWithZeros.add(new byte[32]);
        result.add(extendedWithZeros);
        List<byte[]> prepended = new ArrayList<>(proof);
        prepended.addFirst(root);
        result.add(prepended);
        List<byte[]> withShortElement = new ArrayList<>(proof);
        withShortElement.add(new byte[0]);
        result.add(withShortElement);
        if (proof.size() > 1) {
            List<byte[]> swapped = new ArrayList<>(proof);
            swapped.set(0, proof.get(1));
            swapped.set(1, proof.get(0));
            result.add(swapped);
        }
        return result;
    }

    private static byte[] flipBit(byte[] hash, int bit) {
        byte[] copy = hash.clone();
        copy[bit / 8] ^= (byte) (1 << (bit % 8));
        return copy;
    }

    private static void assertInclusionRefused(long leaf, long size, byte[] leafHash, List<byte[]> proof, byte[] root) {
        assertThat(ProofVerifier.verifyInclusion(leaf, size, leafHash, proof, root))
                .as("leaf %d of %d", leaf, size)
                .isFalse();
    }

    private static void assertConsistencyRefused(
            long from, long to, byte[] fromRoot, byte[] toRoot, List<byte[]> proof) {
        assertThat(ProofVerifier.verifyConsistency(from, to, fromRoot, toRoot, proof))
                .as("%d to %d", from, to)
                .isFalse();
    }
}
