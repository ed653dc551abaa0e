package dev.palisade.protocol.merkle;

import java.util.HashMap;
import java.util.Map;

/**
 * Where proof construction reads stored node hashes from: a database table, a cache, or a map filled by one query
 * for exactly the nodes that {@link MerkleProofs}'s {@code required…} methods listed.
 */
@FunctionalInterface
public interface NodeSource {

    /**
     * The hash of the perfect subtree at ({@code level}, {@code index}); level 0 holds leaf hashes.
     *
     * @throws IllegalStateException if the node is not stored, which means the log's storage is incomplete
     */
    byte[] perfectNode(int level, long index);

    /** A source backed by a copy of {@code nodes}; asking for a node that is not in it is an {@link IllegalStateException}. */
    static NodeSource of(Map<NodeId, byte[]> nodes) {
        Map<NodeId, byte[]> copy = new HashMap<>();
        nodes.forEach((id, hash) ->
                copy.put(id, MerkleHashes.requireHash(hash, "stored node " + id).clone()));
        return (level, index) -> {
            byte[] hash = copy.get(new NodeId(level, index));
            if (hash == null) {
                throw new IllegalStateException("no stored node at level " + level + ", index " + index);
            }
            return hash.clone();
        };
    }
}
