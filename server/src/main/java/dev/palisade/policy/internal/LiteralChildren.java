package dev.palisade.policy.internal;

import java.util.List;
import org.jspecify.annotations.Nullable;

/** The literal children of a trie node: its {@link LevelKeys} and the node each key leads to. Immutable. */
final class LiteralChildren {

    static final LiteralChildren NONE = new LiteralChildren(List.of(), List.of());

    private final LevelKeys keys;
    private final TrieNode[] nodes;

    LiteralChildren(List<String> keys, List<TrieNode> nodes) {
        this.keys = keys.isEmpty() ? LevelKeys.NONE : new LevelKeys(keys);
        this.nodes = nodes.toArray(TrieNode[]::new);
    }

    int size() {
        return nodes.length;
    }

    String key(int index) {
        return keys.key(index);
    }

    TrieNode node(int index) {
        return nodes[index];
    }

    /** The child whose key equals {@code text[start, end)}, or null. */
    @Nullable
    TrieNode find(String text, int start, int end) {
        int index = keys.indexOf(text, start, end);
        return index < 0 ? null : nodes[index];
    }

    /** The index of the child whose key is the whole level at {@code start}; see {@link LevelKeys#indexAt}. */
    int indexAt(String topic, int start) {
        return keys.indexAt(topic, start);
    }

    /** The length of the key at {@code index}: where its level ends. */
    int keyLength(int index) {
        return keys.length(index);
    }
}
