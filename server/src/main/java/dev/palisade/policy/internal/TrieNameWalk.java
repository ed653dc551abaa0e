package dev.palisade.policy.internal;

import static dev.palisade.policy.internal.TrieNode.ALLOW_ANY;
import static dev.palisade.policy.internal.TrieNode.ALLOW_REST;
import static dev.palisade.policy.internal.TrieNode.DENY_REST;
import static dev.palisade.policy.internal.Verdicts.ALLOWED;
import static dev.palisade.policy.internal.Verdicts.DENIED;

/**
 * Decisions on topic names by walking the pattern trie itself, exploring literal and {@code +} branches in turn: what
 * {@link TopicRules} uses when the policy's {@link LevelAutomaton} would be too large to build. The walk goes by
 * index over the topic string, so it allocates nothing.
 */
final class TrieNameWalk {

    private TrieNameWalk() {}

    /**
     * Whether the topic name is allowed: some allow pattern matches it and no deny pattern does. The name must be
     * non-empty and within MQTT's length (checked by {@link Topics#isWithinLimits}); the walk checks the rest, and
     * denies a name with a wildcard or NUL. Levels matched by a literal key are valid by construction (keys hold no
     * such character), so only the text that a wildcard of an allow consumes is scanned.
     */
    static boolean permitsName(TrieNode root, String topic) {
        if ((root.subtreeFlags & ALLOW_ANY) == 0) {
            return false;
        }
        int verdict = 0;
        LiteralChildren literals = root.literals;
        int literal = literals.indexAt(topic, 0);
        if (literal >= 0) {
            verdict = match(literals.node(literal), topic, literals.keyLength(literal) + 1);
        }
        if (topic.charAt(0) != '$') {
            if ((root.flags & ALLOW_REST) != 0) {
                verdict |= isPlain(topic, 0, topic.length()) ? ALLOWED : DENIED;
            }
            verdict |= (root.flags & DENY_REST) >>> 2;
            TrieNode any = root.anyLevel;
            if (any != null && (verdict & DENIED) == 0) {
                verdict |= matchAnyLevel(any, topic, 0, levelEnd(topic, 0));
            }
        }
        return verdict == ALLOWED;
    }

    /**
     * The verdict bits of the patterns below {@code node} for the rest of the topic from {@code start}; a start past
     * the end means every level was consumed. The walk stops at the first deny: nothing can outweigh it. Text that an
     * allow's wildcard consumes must hold no wildcard or NUL, or the name is invalid and the verdict {@link #DENIED}.
     * A chain of literal levels (the common case) is followed in a loop; only a {@code +} child branches.
     */
    private static int match(TrieNode node, String topic, int start) {
        int length = topic.length();
        int verdict = 0;
        while (true) {
            int flags = node.flags;
            if (start > length) {
                return verdict | ((flags | (flags >>> 2)) & (ALLOWED | DENIED));
            }
            if ((flags & DENY_REST) != 0) {
                return DENIED;
            }
            if ((flags & ALLOW_REST) != 0) {
                if (!isPlain(topic, start, length)) {
                    return DENIED;
                }
                verdict = ALLOWED;
            }
            LiteralChildren literals = node.literals;
            int literal = literals.indexAt(topic, start);
            TrieNode any = node.anyLevel;
            if (any != null) {
                int end = -1;
                if (literal >= 0) {
                    end = start + literals.keyLength(literal); // the literal's end is the level's: no search
                    verdict |= match(literals.node(literal), topic, end + 1);
                    if ((verdict & DENIED) != 0) {
                        return verdict;
                    }
                }
                return verdict | matchAnyLevel(any, topic, start, end < 0 ? levelEnd(topic, start) : end);
            }
            if (literal < 0) {
                return verdict;
            }
            start += literals.keyLength(literal) + 1;
            node = literals.node(literal);
        }
    }

    /**
     * The verdict of the {@code +} child for the level {@code [start, end)}. Its text is checked only where an allow lies
     * below: a name can only be allowed along a path that checked every character it consumed with a wildcard.
     */
    private static int matchAnyLevel(TrieNode any, String topic, int start, int end) {
        if ((any.subtreeFlags & ALLOW_ANY) != 0 && !isPlain(topic, start, end)) {
            return DENIED;
        }
        return match(any, topic, end + 1);
    }

    /** Whether {@code topic[from, to)} holds no wildcard and no NUL, as the text of a topic name must. */
    static boolean isPlain(String topic, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = topic.charAt(i);
            if (c <= '+' && (c == '+' || c == '#' || c == '\0')) {
                return false;
            }
        }
        return true;
    }

    static int levelEnd(String topic, int start) {
        int end = topic.indexOf('/', start);
        return end < 0 ? topic.length() : end;
    }
}
