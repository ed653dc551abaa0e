package dev.palisade.policy.internal;

import static dev.palisade.policy.internal.TrieNode.ALLOW_ANY;
import static dev.palisade.policy.internal.TrieNode.ALLOW_HERE;
import static dev.palisade.policy.internal.TrieNode.ALLOW_REST;
import static dev.palisade.policy.internal.TrieNode.DENY_ANY;
import static dev.palisade.policy.internal.TrieNode.DENY_HERE;
import static dev.palisade.policy.internal.TrieNode.DENY_REST;

import dev.palisade.policy.Effect;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The allow and deny patterns of one action for one device, compiled into a trie of levels. Decisions walk the trie
 * by index over the topic string: levels are located with {@link String#indexOf(int, int)} and compared in place, so a
 * decision allocates nothing. Deny wins; no match denies.
 *
 * <p>MQTT 3.1.1 section 4.7.2 (MQTT 5 section 4.7.2): a topic whose first level starts with {@code $} is not matched
 * by a pattern whose first level is a wildcard. The walks skip the root's {@code +} child and {@code #} mark for such
 * topics, so only patterns that name the {@code $} level literally reach them.
 */
public final class TopicRules {

    /** Verdict bits of a walk over a topic name. */
    private static final int ALLOWED = 1;

    private static final int DENIED = 2;

    private final TrieNode root;

    private TopicRules(TrieNode root) {
        this.root = root;
    }

    /**
     * Whether the topic name is allowed: some allow pattern matches it and no deny pattern does. The name must be
     * non-empty and within MQTT's length (checked by {@link Topics#isWithinLimits}); the walk checks the rest, and
     * denies a name with a wildcard or NUL. Levels matched by a literal key are valid by construction (keys hold no
     * such character), so only the text that a wildcard of an allow consumes is scanned.
     */
    public boolean permitsName(String topic) {
        if ((root.subtreeFlags & ALLOW_ANY) == 0) {
            return false;
        }
        int verdict = 0;
        LiteralChildren literals = root.literals;
        int literal = literals.indexAt(topic, 0);
        if (literal >= 0) {
            verdict = match(literals.node(literal), topic, literals.key(literal).length() + 1);
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
                    end = start + literals.key(literal).length(); // the literal's end is the level's: no search
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
            start += literals.key(literal).length() + 1;
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
    private static boolean isPlain(String topic, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = topic.charAt(i);
            if (c <= '+' && (c == '+' || c == '#' || c == '\0')) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether a valid topic filter, starting at {@code from} (past a {@code $share/name/} prefix), is allowed: a single
     * allow pattern covers every topic the filter can match, and no deny pattern matches any of them. A filter that
     * only a union of several allow patterns covers is refused: conservative, and simple to explain.
     */
    public boolean permitsFilter(String filter, int from) {
        return coversFromRoot(filter, from) && !intersectsFromRoot(filter, from);
    }

    private boolean coversFromRoot(String filter, int from) {
        if ((root.subtreeFlags & ALLOW_ANY) == 0) {
            return false;
        }
        // a filter whose first level is a wildcard matches no $ topic either, so only a literal $ level is special
        boolean dollar = filter.charAt(from) == '$';
        if (!dollar && (root.flags & ALLOW_REST) != 0) {
            return true;
        }
        TrieNode any = root.anyLevel;
        if (isWildcard(filter, from, filter.length(), '#')) {
            // a topic has at least one level, so at the root '#' matches what '+/#' matches
            return any != null && (any.flags & ALLOW_REST) != 0;
        }
        return coversNextLevel(root, filter, from, !dollar);
    }

    /** Whether one allow pattern through {@code node} matches every topic that the filter's rest matches. */
    private static boolean covers(TrieNode node, String filter, int start) {
        if ((node.subtreeFlags & ALLOW_ANY) == 0) {
            return false;
        }
        if ((node.flags & ALLOW_REST) != 0) {
            return true; // '#' matches this level and everything below, whatever the filter's rest
        }
        if (start > filter.length()) {
            return (node.flags & ALLOW_HERE) != 0;
        }
        return coversNextLevel(node, filter, start, true);
    }

    private static boolean coversNextLevel(TrieNode node, String filter, int start, boolean wildcardsApply) {
        int end = levelEnd(filter, start);
        if (isWildcard(filter, start, end, '#')) {
            return false; // only a '#' at this node covers the filter's '#' (it includes the parent level): seen above
        }
        TrieNode any = wildcardsApply ? node.anyLevel : null;
        if (isWildcard(filter, start, end, '+')) {
            return any != null && covers(any, filter, end + 1); // a literal level never covers every level
        }
        TrieNode literal = node.literals.find(filter, start, end);
        return (literal != null && covers(literal, filter, end + 1)) || (any != null && covers(any, filter, end + 1));
    }

    private boolean intersectsFromRoot(String filter, int from) {
        if ((root.subtreeFlags & DENY_ANY) == 0) {
            return false;
        }
        boolean dollar = filter.charAt(from) == '$';
        if (!dollar && (root.flags & DENY_REST) != 0) {
            return true;
        }
        int end = levelEnd(filter, from);
        if (isWildcard(filter, from, end, '#') || isWildcard(filter, from, end, '+')) {
            // the filter matches no $ topic, so deny patterns that start with a literal $ level cannot meet it
            if (isWildcard(filter, from, end, '#')) {
                return hasDenyOutsideDollar(root);
            }
            return intersectsEveryChild(root, filter, end + 1, true);
        }
        TrieNode literal = root.literals.find(filter, from, end);
        if (literal != null && intersects(literal, filter, end + 1)) {
            return true;
        }
        TrieNode any = root.anyLevel;
        return !dollar && any != null && intersects(any, filter, end + 1);
    }

    /** Whether some topic matches both the filter's rest and a deny pattern through {@code node}. */
    private static boolean intersects(TrieNode node, String filter, int start) {
        if ((node.subtreeFlags & DENY_ANY) == 0) {
            return false;
        }
        if ((node.flags & DENY_REST) != 0) {
            return true; // every valid filter rest matches at least one topic, and '#' matches them all
        }
        if (start > filter.length()) {
            return (node.flags & DENY_HERE) != 0;
        }
        int end = levelEnd(filter, start);
        if (isWildcard(filter, start, end, '#')) {
            return true; // the filter's '#' matches this level and everything below, where some deny pattern lies
        }
        if (isWildcard(filter, start, end, '+')) {
            return intersectsEveryChild(node, filter, end + 1, false);
        }
        TrieNode literal = node.literals.find(filter, start, end);
        if (literal != null && intersects(literal, filter, end + 1)) {
            return true;
        }
        TrieNode any = node.anyLevel;
        return any != null && intersects(any, filter, end + 1);
    }

    /** For a filter level {@code +}: any child may meet it, except literal {@code $} levels at the root. */
    private static boolean intersectsEveryChild(TrieNode node, String filter, int next, boolean atRoot) {
        TrieNode any = node.anyLevel;
        if (any != null && intersects(any, filter, next)) {
            return true;
        }
        LiteralChildren literals = node.literals;
        for (int i = 0; i < literals.size(); i++) {
            if (!(atRoot && literals.key(i).startsWith("$")) && intersects(literals.node(i), filter, next)) {
                return true;
            }
        }
        return false;
    }

    private static boolean hasDenyOutsideDollar(TrieNode root) {
        TrieNode any = root.anyLevel;
        if (any != null && (any.subtreeFlags & DENY_ANY) != 0) {
            return true;
        }
        LiteralChildren literals = root.literals;
        for (int i = 0; i < literals.size(); i++) {
            if (!literals.key(i).startsWith("$") && (literals.node(i).subtreeFlags & DENY_ANY) != 0) {
                return true;
            }
        }
        return false;
    }

    private static boolean isWildcard(String filter, int start, int end, char wildcard) {
        return end - start == 1 && filter.charAt(start) == wildcard;
    }

    private static int levelEnd(String topic, int start) {
        int end = topic.indexOf('/', start);
        return end < 0 ? topic.length() : end;
    }

    /** Collects the concrete patterns of one action, then freezes them into {@link TopicRules}. */
    public static final class Builder {
        private final TrieNode.Builder root = new TrieNode.Builder();

        /** Adds a pattern of {@code effect}: its levels, whose only {@code #} is the last. */
        public Builder add(Effect effect, List<ConcreteLevel> levels) {
            TrieNode.Builder node = root;
            @Nullable ConcreteLevel last = null;
            for (ConcreteLevel level : levels) {
                last = level;
                node = switch (level) {
                    case ConcreteLevel.Literal(var text) -> node.literal(text);
                    case ConcreteLevel.Wildcard.ANY_LEVEL -> node.anyLevel();
                    case ConcreteLevel.Wildcard.ANY_REMAINING -> node;
                };
            }
            boolean rest = last == ConcreteLevel.Wildcard.ANY_REMAINING;
            if (effect == Effect.ALLOW) {
                node.mark(rest ? ALLOW_REST : ALLOW_HERE);
            } else {
                node.mark(rest ? DENY_REST : DENY_HERE);
            }
            return this;
        }

        public TopicRules build() {
            return new TopicRules(root.build());
        }
    }
}
