package dev.palisade.policy.internal;

/**
 * The verdict bits of a walk over a topic: whether an allow pattern matched it, whether a deny pattern did. One walk
 * collects both; deny wins, and no match denies. They are the low bits of {@link TrieNode}'s flags, so that a node's
 * flags turn into verdicts with a shift.
 */
final class Verdicts {

    static final int ALLOWED = 1;
    static final int DENIED = 2;

    private Verdicts() {}

    /** The verdict of the patterns marked in a node's flags for a topic that ends at the node: exact ones and '#'. */
    static int ending(int flags) {
        return (flags | (flags >>> 2)) & (ALLOWED | DENIED);
    }

    /** The verdict of the patterns marked in a node's flags for a topic that goes on below it: only '#' ones. */
    static int continuing(int flags) {
        return (flags >>> 2) & (ALLOWED | DENIED);
    }
}
