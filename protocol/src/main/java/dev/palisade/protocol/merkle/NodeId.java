package dev.palisade.protocol.merkle;

/**
 * Coordinates of a perfect, aligned subtree: the node at {@code level} (0 for leaves) and {@code index} covers leaves
 * {@code [index * 2^level, (index + 1) * 2^level)}. These are the keys under which a log stores its node hashes.
 *
 * @param level height of the subtree, 0 to 63
 * @param index position of the subtree among those of its level, counted from the left
 */
public record NodeId(int level, long index) {

    /** Validates that the subtree's leaves can be numbered with a non-negative {@code long}. */
    public NodeId {
        if (level < 0 || level > 62) {
            throw new IllegalArgumentException("level must be between 0 and 62, not " + level);
        }
        if (index < 0) {
            throw new IllegalArgumentException("index must not be negative, not " + index);
        }
        if (index > (Long.MAX_VALUE >> level) - 1) {
            throw new IllegalArgumentException(
                    "node (level " + level + ", index " + index + ") covers leaves beyond the largest tree size");
        }
    }

    /** Index of the first leaf under this node. */
    public long firstLeaf() {
        return index << level;
    }

    /** Index one past the last leaf under this node. */
    public long endLeaf() {
        return (index + 1) << level;
    }

    /** Number of leaves under this node. */
    public long leafCount() {
        return 1L << level;
    }
}
