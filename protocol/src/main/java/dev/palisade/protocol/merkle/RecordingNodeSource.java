package dev.palisade.protocol.merkle;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Answers every request with a placeholder hash and remembers which nodes were asked for. Proof construction never
 * branches on hash values, so a dry run against this source reads exactly the nodes a real run would.
 */
final class RecordingNodeSource implements NodeSource {

    private final Set<NodeId> requested = new LinkedHashSet<>();

    @Override
    public byte[] perfectNode(int level, long index) {
        requested.add(new NodeId(level, index));
        return new byte[MerkleHashes.HASH_LENGTH];
    }

    /** Distinct nodes asked for, in the order first asked. */
    List<NodeId> requested() {
        return new ArrayList<>(requested);
    }
}
