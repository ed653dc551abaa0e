package dev.palisade.protocol.merkle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class MerkleHashesTest {

    @Test
    void emptyRootIsSha256OfNothing() {
        assertThat(HexFormat.of().formatHex(MerkleHashes.emptyRoot()))
                .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    }

    @Test
    void leafHashPrefixesTheDataWithZeroAsRfc6962Publishes() {
        byte[] hash = MerkleHashes.leafHash(new byte[0]);

        assertThat(HexFormat.of().formatHex(hash))
                .isEqualTo("6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d");
    }

    @Test
    void nodeHashOfTheFirstTwoTestLeavesIsThePublishedRootOfSizeTwo() {
        byte[] left = MerkleHashes.leafHash(CtTestVectors.LEAF_INPUTS.get(0));
        byte[] right = MerkleHashes.leafHash(CtTestVectors.LEAF_INPUTS.get(1));

        assertThat(MerkleHashes.nodeHash(left, right)).isEqualTo(CtTestVectors.ROOTS.get(2));
    }

    @Test
    void leafAndNodeHashesOfTheSameBytesDiffer() {
        byte[] half = new byte[32];
        byte[] both = new byte[64];

        assertThat(MerkleHashes.leafHash(both)).isNotEqualTo(MerkleHashes.nodeHash(half, half));
    }

    @Test
    void nodeHashRefusesChildrenThatAreNot32Bytes() {
        assertThatThrownBy(() -> MerkleHashes.nodeHash(new byte[31], new byte[32]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("left child")
                .hasMessageContaining("31 bytes");
        assertThatThrownBy(() -> MerkleHashes.nodeHash(new byte[32], new byte[33]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("right child");
    }
}
