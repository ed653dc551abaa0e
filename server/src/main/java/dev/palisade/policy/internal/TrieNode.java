package dev.palisade.policy.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A node of the compiled pattern trie: the patterns that end here (exactly, or with {@code #}), and the children for
 * the next level, literal or {@code +}. The flags are bits so that one walk decides allow and deny together.
 */
final class TrieNode {

    /** A pattern ends exactly at this node (a topic with exactly these levels), by effect. */
    static final int ALLOW_HERE = 1;

    static final int DENY_HERE = 2;
    /** A pattern ends with {@code #} after this node: this level and everything below it. */
    static final int ALLOW_REST = 4;

    static final int DENY_REST = 8;
    static final int ALLOW_ANY = ALLOW_HERE | ALLOW_REST;
    static final int DENY_ANY = DENY_HERE | DENY_REST;

    final int flags;
    /** The flags of this node and all nodes below it: a walk skips subtrees that hold nothing it looks for. */
    final int subtreeFlags;

    final LiteralChildren literals;
    final @Nullable TrieNode anyLevel;

    private TrieNode(int flags, LiteralChildren literals, @Nullable TrieNode anyLevel) {
        this.flags = flags;
        this.literals = literals;
        this.anyLevel = anyLevel;
        int subtree = flags;
        for (int i = 0; i < literals.size(); i++) {
            subtree |= literals.node(i).subtreeFlags;
        }
        if (anyLevel != null) {
            subtree |= anyLevel.subtreeFlags;
        }
        this.subtreeFlags = subtree;
    }

    /** Collects patterns into a mutable tree, then freezes it. */
    static final class Builder {
        private int flags;
        private final Map<String, Builder> literals = new LinkedHashMap<>();
        private @Nullable Builder anyLevel;

        Builder literal(String text) {
            return literals.computeIfAbsent(text, ignored -> new Builder());
        }

        Builder anyLevel() {
            Builder child = anyLevel;
            if (child == null) {
                child = new Builder();
                anyLevel = child;
            }
            return child;
        }

        void mark(int flag) {
            flags |= flag;
        }

        TrieNode build() {
            var keys = new ArrayList<String>(literals.size());
            var nodes = new ArrayList<TrieNode>(literals.size());
            literals.forEach((key, child) -> {
                keys.add(key);
                nodes.add(child.build());
            });
            Builder any = anyLevel;
            return new TrieNode(
                    flags,
                    keys.isEmpty() ? LiteralChildren.NONE : new LiteralChildren(keys, nodes),
                    any == null ? null : any.build());
        }
    }
}
