package dev.palisade.protocol.merkle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TreeFrontierTest {

    @Test
    void emptyFrontierHasTheEmptyRoot() {
        TreeFrontier empty = TreeFrontier.empty();

        assertThat(empty.size()).isZero();
        assertThat(empty.hashes()).isEmpty();
        assertThat(empty.rootHash()).isEqualTo(MerkleHashes.emptyRoot());
    }

    @Test
    void rootAfterEachAppendMatchesThePublishedCtRoots() {
        TreeFrontier frontier = TreeFrontier.empty();
        for (int size = 1; size <= 8; size++) {
            frontier = frontier.append(CtTestVectors.leafHashes().get(size - 1)).frontier();

            assertThat(frontier.size()).isEqualTo(size);
            assertThat(frontier.rootHash()).as("root of size %d", size).isEqualTo(CtTestVectors.ROOTS.get(size));
        }
    }

    @Test
    void completedNodesOfTheTestTreeAreThePublishedNodeHashes() {
        List<NodeHash> reported = appendAll(CtTestVectors.leafHashes());

        List<NodeHash> published = new ArrayList<>();
        for (int level = 0; level < CtTestVectors.NODES.size(); level++) {
            for (int index = 0; index < CtTestVectors.NODES.get(level).size(); index++) {
                published.add(
                        NodeHash.of(level, index, CtTestVectors.NODES.get(level).get(index)));
            }
        }
        assertThat(reported).containsExactlyInAnyOrderElementsOf(published);
    }

    @Test
    void appendReportsTheLeafThenEachCompletedNodeByIncreasingLevel() {
        TreeFrontier seven = TreeFrontier.of(7, List.of(new byte[32], new byte[32], new byte[32]));

        TreeFrontier.Appended appended = seven.append(new byte[32]);

        assertThat(appended.completedNodes())
                .extracting(NodeHash::id)
                .containsExactly(new NodeId(0, 7), new NodeId(1, 3), new NodeId(2, 1), new NodeId(3, 0));
        assertThat(appended.frontier().size()).isEqualTo(8);
        assertThat(appended.frontier().hashes()).hasSize(1);
    }

    @Test
    void frontierRootAndReportedNodesMatchTheNaiveTreeForEverySizeUpTo70() {
        NaiveMerkleTree tree = NaiveMerkleTree.withLeaves(70);
        TreeFrontier frontier = TreeFrontier.empty();
        List<NodeHash> reported = new ArrayList<>();
        for (int size = 1; size <= 70; size++) {
            TreeFrontier.Appended appended = frontier.append(tree.leaf(size - 1));
            frontier = appended.frontier();
            reported.addAll(appended.completedNodes());

            assertThat(frontier.rootHash()).as("root of size %d", size).isEqualTo(tree.mth(0, size));
        }

        for (NodeHash node : reported) {
            assertThat(node.hash())
                    .as("node %s", node.id())
                    .isEqualTo(tree.perfectNode(node.id().level(), node.id().index()));
        }
        assertThat(reported).extracting(NodeHash::id).doesNotHaveDuplicates().hasSize(everyPerfectSubtreeOf(70));
    }

    @Test
    void frontierHashesAreThePerfectSubtreesOfTheBinaryDecompositionOfItsSize() {
        NaiveMerkleTree tree = NaiveMerkleTree.withLeaves(13);
        TreeFrontier frontier = TreeFrontier.empty();
        for (int i = 0; i < 13; i++) {
            frontier = frontier.append(tree.leaf(i)).frontier();
        }

        assertThat(TreeFrontier.nodeIds(13)).containsExactly(new NodeId(3, 0), new NodeId(2, 2), new NodeId(0, 12));
        assertThat(frontier.hashes().get(0)).isEqualTo(tree.mth(0, 8));
        assertThat(frontier.hashes().get(1)).isEqualTo(tree.mth(8, 12));
        assertThat(frontier.hashes().get(2)).isEqualTo(tree.mth(12, 13));
    }

    @Test
    void loadRebuildsTheFrontierFromStoredNodes() {
        Map<NodeId, byte[]> store = new HashMap<>();
        TreeFrontier frontier = TreeFrontier.empty();
        for (int i = 0; i < 45; i++) {
            TreeFrontier.Appended appended = frontier.append(MerkleHashes.leafHash(new byte[] {(byte) i}));
            appended.completedNodes().forEach(node -> store.put(node.id(), node.hash()));
            frontier = appended.frontier();
        }

        TreeFrontier loaded = TreeFrontier.load(45, NodeSource.of(store));

        assertThat(loaded).isEqualTo(frontier);
        assertThat(loaded.rootHash()).isEqualTo(frontier.rootHash());
    }

    @Test
    void bytesRoundTripForEverySizeUpTo20() {
        TreeFrontier frontier = TreeFrontier.empty();
        for (int i = 0; i <= 20; i++) {
            byte[] encoded = frontier.toBytes();

            assertThat(encoded).hasSize(8 + 32 * Long.bitCount(i));
            assertThat(TreeFrontier.fromBytes(encoded)).isEqualTo(frontier);
            frontier = frontier.append(MerkleHashes.leafHash(new byte[] {(byte) i}))
                    .frontier();
        }
    }

    @Test
    void fromBytesRefusesWrongLengthsAndNegativeSizes() {
        byte[] three = TreeFrontier.of(3, List.of(new byte[32], new byte[32])).toBytes();

        assertThatThrownBy(() -> TreeFrontier.fromBytes(new byte[7]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("8-byte size");
        assertThatThrownBy(() -> TreeFrontier.fromBytes(Arrays.copyOf(three, three.length - 1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("72 bytes long, not 71");
        assertThatThrownBy(() -> TreeFrontier.fromBytes(Arrays.copyOf(three, three.length + 32)))
                .isInstanceOf(IllegalArgumentException.class);
        byte[] negative = new byte[8];
        negative[0] = (byte) 0x80;
        assertThatThrownBy(() -> TreeFrontier.fromBytes(negative))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("negative");
    }

    @Test
    void ofRefusesAHashCountThatDoesNotMatchTheSize() {
        assertThatThrownBy(() -> TreeFrontier.of(3, List.of(new byte[32])))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("has 2 perfect subtrees");
        assertThatThrownBy(() -> TreeFrontier.of(1, List.of(new byte[31])))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TreeFrontier.of(-1, List.of())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void appendLeavesTheOriginalFrontierUnchanged() {
        TreeFrontier one =
                TreeFrontier.empty().append(CtTestVectors.leafHashes().get(0)).frontier();

        one.append(CtTestVectors.leafHashes().get(1));

        assertThat(one.size()).isEqualTo(1);
        assertThat(one.rootHash()).isEqualTo(CtTestVectors.ROOTS.get(1));
    }

    @Test
    void appendRefusesALeafHashThatIsNot32Bytes() {
        assertThatThrownBy(() -> TreeFrontier.empty().append(new byte[3]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("leaf hash");
    }

    private static List<NodeHash> appendAll(List<byte[]> leafHashes) {
        TreeFrontier frontier = TreeFrontier.empty();
        List<NodeHash> reported = new ArrayList<>();
        for (byte[] leafHash : leafHashes) {
            TreeFrontier.Appended appended = frontier.append(leafHash);
            reported.addAll(appended.completedNodes());
            frontier = appended.frontier();
        }
        return reported;
    }

    private static int everyPerfectSubtreeOf(int size) {
        int count = 0;
        for (int width = 1; width <= size; width *= 2) {
            count += size / width;
        }
        return count;
    }
}
