package dev.palisade.policy.internal;

import static dev.palisade.policy.internal.Verdicts.ALLOWED;
import static dev.palisade.policy.internal.Verdicts.DENIED;

/**
 * The pattern trie of one action made deterministic over levels ({@link AutomatonBuilder}): each state merges the trie
 * nodes that the levels read so far reach, through literal and {@code +} branches alike, so a decision reads each
 * level once and never backtracks. A walk goes by index over the topic string and allocates nothing; it stops as soon
 * as no state below can change its outcome.
 *
 * <p>MQTT section 4.7.2: topics whose first level starts with {@code $} start at a root state of their own, which
 * holds only the literal {@code $} levels: patterns whose first level is a wildcard never reach them.
 */
final class LevelAutomaton {

    /** Where topics start whose first level does not start with {@code $}. */
    private final AutomatonState root;
    /** Where topics start whose first level starts with {@code $}. */
    private final AutomatonState dollarRoot;

    private final TrieNode trieRoot;

    LevelAutomaton(AutomatonState root, AutomatonState dollarRoot, TrieNode trieRoot) {
        this.root = root;
        this.dollarRoot = dollarRoot;
        this.trieRoot = trieRoot;
    }

    /**
     * Whether a topic name (non-empty, within MQTT's length) is allowed. Levels matched by a key are valid by
     * construction (keys hold no wildcard or NUL); a level read as "other" is checked while finding its end, and what
     * the walk leaves unread is checked only if the name would be allowed.
     */
    boolean permitsName(String topic) {
        int length = topic.length();
        AutomatonState state = topic.charAt(0) == '$' ? dollarRoot : root;
        int verdict = state.restVerdict;
        int start = 0;
        while (!isSettled(verdict, state.verdictsBelow)) {
            LevelKeys keys = state.keys;
            int key = keys.indexAt(topic, start);
            int end;
            if (key >= 0) {
                end = start + keys.length(key);
                verdict |= state.keyVerdict(key);
                state = state.keyTarget(key);
            } else {
                AutomatonState other = state.otherLevel;
                if (other == null) {
                    break;
                }
                end = plainLevelEnd(topic, start);
                if (end < 0) {
                    return false;
                }
                state = other;
            }
            if (end == length) {
                return (verdict | state.endVerdict) == ALLOWED;
            }
            verdict |= state.restVerdict;
            start = end + 1;
        }
        return verdict == ALLOWED && isPlain(topic, start, length);
    }

    /**
     * Whether a valid topic filter from {@code from} is allowed; see {@link TopicRules#permitsFilter}. Its literal
     * levels are read like a name's. At its first wildcard, the allow patterns that went through a {@code #} on the way
     * cover it; otherwise one pattern through the nodes merged in the state must, and no deny pattern through them may
     * meet it.
     */
    boolean permitsFilter(String filter, int from) {
        int length = filter.length();
        if (isWildcardLevel(filter, from)) {
            return TrieFilterWalk.permits(trieRoot, filter, from);
        }
        AutomatonState state = filter.charAt(from) == '$' ? dollarRoot : root;
        int verdict = state.restVerdict;
        int start = from;
        while (!isWildcardLevel(filter, start)) {
            // only a literal level follows: the topics it leads to lie strictly below, so the states below decide
            if (isSettled(verdict, state.verdictsBelow)) {
                return verdict == ALLOWED;
            }
            LevelKeys keys = state.keys;
            int key = keys.indexAt(filter, start);
            int end;
            if (key >= 0) {
                end = start + keys.length(key);
                verdict |= state.keyVerdict(key);
                state = state.keyTarget(key);
            } else {
                AutomatonState other = state.otherLevel;
                if (other == null) {
                    return verdict == ALLOWED;
                }
                end = TrieNameWalk.levelEnd(filter, start);
                state = other;
            }
            if (end == length) {
                return (verdict | state.endVerdict) == ALLOWED;
            }
            verdict |= state.restVerdict;
            start = end + 1;
        }
        if ((verdict & DENIED) != 0) {
            return false;
        }
        TrieNode[] nodes = state.nodes;
        boolean covered = verdict == ALLOWED;
        for (int i = 0; !covered && i < nodes.length; i++) {
            covered = TrieFilterWalk.covers(nodes[i], filter, start);
        }
        if (!covered) {
            return false;
        }
        if (((state.endVerdict | state.verdictsBelow) & DENIED) == 0) {
            return true; // no deny pattern ends here or below: nothing the wildcards reach is denied
        }
        for (TrieNode node : nodes) {
            if (TrieFilterWalk.intersects(node, filter, start)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether nothing below can change the outcome of a walk with {@code verdict}: a deny has matched, or an allow has
     * and no deny lies below, or nothing has and no allow lies below.
     */
    private static boolean isSettled(int verdict, int verdictsBelow) {
        return verdict == ALLOWED ? (verdictsBelow & DENIED) == 0 : verdict != 0 || (verdictsBelow & ALLOWED) == 0;
    }

    /** Whether the level at {@code start} of a valid filter is a wildcard (in a valid filter, then the whole level). */
    private static boolean isWildcardLevel(String filter, int start) {
        if (start >= filter.length()) {
            return false;
        }
        char c = filter.charAt(start);
        return c == '+' || c == '#';
    }

    /** The end of the level at {@code start}, or -1 if it holds a wildcard or NUL, which no topic name may. */
    private static int plainLevelEnd(String topic, int start) {
        int length = topic.length();
        for (int i = start; i < length; i++) {
            char c = topic.charAt(i);
            if (c <= '/') {
                if (c == '/') {
                    return i;
                }
                if (c == '+' || c == '#' || c == '\0') {
                    return -1;
                }
            }
        }
        return length;
    }

    /** Whether {@code topic[from, to)} holds no wildcard and no NUL, as the text of a topic name must. */
    private static boolean isPlain(String topic, int from, int to) {
        return TrieNameWalk.isPlain(topic, from, to);
    }
}
