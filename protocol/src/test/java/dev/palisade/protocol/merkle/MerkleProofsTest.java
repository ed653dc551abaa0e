package dev.palisade.protocol.merkle;

import static dev.palisade.protocol.merkle.Hashes.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class MerkleProofsTest {

    private static final int MAX_SIZE = 70;

    private final NaiveMerkleTree tree = NaiveMerkleTree.withLeaves(MAX_SIZE);
    private final NodeSource nodes = tree::perfectNode;

    @Test
    void rootHashMatchesTheNaiveTreeForEverySize() {
        for (int size = 0; size <= MAX_SIZE; size++) {
            assertThat(MerkleProofs.rootHash(size, nodes)).as("size %d", size).isEqualTo(tree.mth(0, size));
        }
    }

    @Test
    void inclusionProofsMatchTheRfcPathForEveryLeafOfEverySize() {
        for (int size = 1; size <= MAX_SIZE; size++) {
            for (int leaf = 0; leaf < size; leaf++) {
                List<byte[]> proof = MerkleProofs.inclusionProof(leaf, size, nodes);

                assertThat(hex(proof)).as("leaf %d of %d", leaf, size).isEqualTo(hex(tree.path(leaf, 0, size)));
            }
        }
    }

    @Test
    void consistencyProofsMatchTheRfcProofForEveryPairOfSizes() {
        for (int to = 1; to <= MAX_SIZE; to++) {
            for (int from = 1; from <= to; from++) {
                List<byte[]> proof = MerkleProofs.consistencyProof(from, to, nodes);

                assertThat(hex(proof)).as("%d to %d", from, to).isEqualTo(hex(tree.consistency(from, to)));
            }
        }
    }

    @Test
    void consistencyProofBetweenEqualSizesIsEmpty() {
        assertThat(MerkleProofs.consistencyProof(5, 5, nodes)).isEmpty();
    }

    @Test
    void subtreeHashCoversEveryRangeOfTheRecursion() {
        assertThat(MerkleProofs.subtreeHash(0, 70, nodes)).isEqualTo(tree.mth(0, 70));
        assertThat(MerkleProofs.subtreeHash(64, 70, nodes)).isEqualTo(tree.mth(64, 70));
        assertThat(MerkleProofs.subtreeHash(32, 37, nodes)).isEqualTo(tree.mth(32, 37));
        assertThat(MerkleProofs.subtreeHash(5, 6, nodes)).isEqualTo(tree.mth(5, 6));
        assertThat(MerkleProofs.requiredForSubtree(64, 70)).containsExactly(new NodeId(2, 16), new NodeId(1, 34));
    }

    @Test
    void subtreeHashRefusesRangesThatNoTreeContainsAsASubtree() {
        assertThatThrownBy(() -> MerkleProofs.subtreeHash(2, 5, nodes))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("multiple of 4");
        assertThatThrownBy(() -> MerkleProofs.subtreeHash(4, 4, nodes))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("empty");
        assertThatThrownBy(() -> MerkleProofs.subtreeHash(-4, 4, nodes)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void proofsOfTheCtTestTreeAreThePublishedOnes() {
        NodeSource published = CtTestVectors.nodeSource();
        for (int size = 0; size <= 8; size++) {
            assertThat(MerkleProofs.rootHash(size, published)).isEqualTo(CtTestVectors.ROOTS.get(size));
        }
        for (CtTestVectors.InclusionVector vector : CtTestVectors.INCLUSION) {
            assertThat(hex(MerkleProofs.inclusionProof(vector.leafIndex(), vector.treeSize(), published)))
                    .isEqualTo(hex(vector.proof()));
        }
        for (CtTestVectors.ConsistencyVector vector : CtTestVectors.CONSISTENCY) {
            assertThat(hex(MerkleProofs.consistencyProof(vector.fromSize(), vector.toSize(), published)))
                    .isEqualTo(hex(vector.proof()));
        }
    }

    @Test
    void requiredNodesAreExactlyTheNodesAProofReads() {
        for (int to = 1; to <= 40; to++) {
            for (int from = 1; from <= to; from++) {
                List<NodeId> required = MerkleProofs.requiredForConsistency(from, to);

                NodeSource onlyRequired = NodeSource.of(fetch(required));
                assertThat(hex(MerkleProofs.consistencyProof(from, to, onlyRequired)))
                        .isEqualTo(hex(tree.consistency(from, to)));
                long fromSize = from;
                long toSize = to;
                assertThat(readsOf(source -> MerkleProofs.consistencyProof(fromSize, toSize, source)))
                        .containsExactlyElementsOf(required);
            }
            for (int leaf = 0; leaf < to; leaf++) {
                List<NodeId> required = MerkleProofs.requiredForInclusion(leaf, to);

                NodeSource onlyRequired = NodeSource.of(fetch(required));
                assertThat(hex(MerkleProofs.inclusionProof(leaf, to, onlyRequired)))
                        .isEqualTo(hex(tree.path(leaf, 0, to)));
            }
            assertThat(MerkleProofs.requiredForRoot(to)).containsExactlyElementsOf(TreeFrontier.nodeIds(to));
        }
    }

    @Test
    void proofOfOneLeafInATreeOfSixNeedsOnlyThreeStoredNodes() {
        assertThat(MerkleProofs.requiredForInclusion(1, 6))
                .containsExactly(new NodeId(0, 0), new NodeId(1, 1), new NodeId(1, 2));
    }

    @Test
    void inclusionProofRefusesIndexesOutsideTheTree() {
        assertThatThrownBy(() -> MerkleProofs.inclusionProof(5, 5, nodes))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("leaf index 5 is not in a tree of size 5");
        assertThatThrownBy(() -> MerkleProofs.inclusionProof(0, 0, nodes))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("empty tree");
        assertThatThrownBy(() -> MerkleProofs.inclusionProof(-1, 5, nodes))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("negative");
        assertThatThrownBy(() -> MerkleProofs.rootHash(-1, nodes))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("negative");
    }

    @Test
    void consistencyProofRefusesAShrinkingTreeAndTheEmptyTree() {
        assertThatThrownBy(() -> MerkleProofs.consistencyProof(6, 5, nodes))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("from size 6 is larger than to size 5");
        assertThatThrownBy(() -> MerkleProofs.consistencyProof(0, 5, nodes))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("empty tree");
        assertThatThrownBy(() -> MerkleProofs.requiredForConsistency(-2, 5))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aMissingStoredNodeIsAnIllegalState() {
        NodeSource empty = NodeSource.of(Map.of());

        assertThatThrownBy(() -> MerkleProofs.inclusionProof(0, 2, empty))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("level 0, index 1");
    }

    @Test
    void aStoredNodeOfTheWrongLengthIsAnIllegalState() {
        NodeSource broken = (level, index) -> new byte[20];

        assertThatThrownBy(() -> MerkleProofs.rootHash(3, broken))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("20 bytes");
    }

    @Test
    void proofsOfHugeTreesOnlyTouchLogarithmicallyManyNodes() {
        long size = Long.MAX_VALUE;

        assertThat(MerkleProofs.requiredForInclusion(size - 1, size)).hasSize(62);
        assertThat(MerkleProofs.requiredForConsistency(size / 3, size)).hasSizeLessThanOrEqualTo(2 * 63);
        assertThat(MerkleProofs.requiredForRoot(size)).hasSize(63);
    }

    private Map<NodeId, byte[]> fetch(List<NodeId> ids) {
        Map<NodeId, byte[]> fetched = new HashMap<>();
        ids.forEach(id -> fetched.put(id, tree.perfectNode(id.level(), id.index())));
        return fetched;
    }

    private List<NodeId> readsOf(Consumer<NodeSource> proofBuilder) {
        List<NodeId> reads = new ArrayList<>();
        proofBuilder.accept((level, index) -> {
            NodeId id = new NodeId(level, index);
            if (!reads.contains(id)) {
                reads.add(id);
            }
            return tree.perfectNode(level, index);
        });
        return reads;
    }
}
