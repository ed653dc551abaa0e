package dev.palisade.policy.internal;

import static dev.palisade.policy.internal.AutomatonLayout.BELOW;
import static dev.palisade.policy.internal.AutomatonLayout.END;
import static dev.palisade.policy.internal.AutomatonLayout.FIRST;
import static dev.palisade.policy.internal.AutomatonLayout.HEADER;
import static dev.palisade.policy.internal.AutomatonLayout.KEY;
import static dev.palisade.policy.internal.AutomatonLayout.KEY_COUNT;
import static dev.palisade.policy.internal.AutomatonLayout.LAST;
import static dev.palisade.policy.internal.AutomatonLayout.LENGTH;
import static dev.palisade.policy.internal.AutomatonLayout.MASK;
import static dev.palisade.policy.internal.AutomatonLayout.NODES;
import static dev.palisade.policy.internal.AutomatonLayout.OTHER;
import static dev.palisade.policy.internal.AutomatonLayout.REST;
import static dev.palisade.policy.internal.AutomatonLayout.TABLE;
import static dev.palisade.policy.internal.AutomatonLayout.TARGET;
import static dev.palisade.policy.internal.AutomatonLayout.TEXT;
import static dev.palisade.policy.internal.AutomatonLayout.VERDICT;
import static dev.palisade.policy.internal.Verdicts.ALLOWED;
import static dev.palisade.policy.internal.Verdicts.DENIED;

/**
 * The pattern trie of one action made deterministic over levels ({@link AutomatonBuilder}): each state merges the trie
 * nodes that the levels read so far reach, through literal and {@code +} branches alike, so a decision reads each
 * level once and never backtracks. The states are laid out in one {@code int[]} ({@link AutomatonLayout}). A walk goes
 * by index over the topic string and allocates nothing; it stops as soon as no state below can change its outcome.
 *
 * <p>MQTT section 4.7.2: topics whose first level starts with {@code $} start at a root state of their own, which
 * holds only the literal {@code $} levels: patterns whose first level is a wildcard never reach them.
 */
final class LevelAutomaton {

    /** Where topics start whose first level does not start with {@code $}. */
    private static final int ROOT = 0;

    private final int[] program;
    private final String[] texts;
    private final int[] slots;
    private final int[] slotHashes;
    private final TrieNode[][] nodes;
    /** Where topics start whose first level starts with {@code $}. */
    private final int dollarRoot;

    private final TrieNode trieRoot;

    LevelAutomaton(
            int[] program,
            String[] texts,
            int[] slots,
            int[] slotHashes,
            TrieNode[][] nodes,
            int dollarRoot,
            TrieNode trieRoot) {
        this.program = program;
        this.texts = texts;
        this.slots = slots;
        this.slotHashes = slotHashes;
        this.nodes = nodes;
        this.dollarRoot = dollarRoot;
        this.trieRoot = trieRoot;
    }

    /**
     * Whether a topic name (non-empty, within MQTT's length) is allowed. Levels matched by a key are valid by
     * construction (keys hold no wildcard or NUL); a level read as "other" is checked while finding its end, and what
     * the walk leaves unread is checked only if the name would be allowed.
     */
    boolean permitsName(String topic) {
        int[] program = this.program;
        int length = topic.length();
        int state = topic.charAt(0) == '$' ? dollarRoot : ROOT;
        int verdict = program[state + REST];
        int start = 0;
        while (!isSettled(verdict, program[state + BELOW])) {
            int key = keyAt(state, topic, start);
            int end;
            if (key >= 0) {
                end = start + program[key + LENGTH];
                verdict |= program[key + VERDICT];
                state = program[key + TARGET];
            } else {
                int other = program[state + OTHER];
                if (other < 0) {
                    break;
                }
                end = plainLevelEnd(topic, start);
                if (end < 0) {
                    return false;
                }
                state = other;
            }
            if (end == length) {
                return (verdict | program[state + END]) == ALLOWED;
            }
            verdict |= program[state + REST];
            start = end + 1;
        }
        return verdict == ALLOWED && TrieNameWalk.isPlain(topic, start, length);
    }

    /**
     * Whether a valid topic filter from {@code from} is allowed; see {@link TopicRules#permitsFilter}. Its literal
     * levels are read like a name's. At its first wildcard, the allow patterns that went through a {@code #} on the way
     * cover it; otherwise one pattern through the nodes merged in the state must, and no deny pattern through them may
     * meet it.
     */
    boolean permitsFilter(String filter, int from) {
        if (isWildcardLevel(filter, from)) {
            return TrieFilterWalk.permits(trieRoot, filter, from);
        }
        int[] program = this.program;
        int length = filter.length();
        int state = filter.charAt(from) == '$' ? dollarRoot : ROOT;
        int verdict = program[state + REST];
        int start = from;
        while (!isWildcardLevel(filter, start)) {
            // only a literal level follows: the topics it leads to lie strictly below, so the states below decide
            if (isSettled(verdict, program[state + BELOW])) {
                return verdict == ALLOWED;
            }
            int key = keyAt(state, filter, start);
            int end;
            if (key >= 0) {
                end = start + program[key + LENGTH];
                verdict |= program[key + VERDICT];
                state = program[key + TARGET];
            } else {
                int other = program[state + OTHER];
                if (other < 0) {
                    return verdict == ALLOWED;
                }
                end = TrieNameWalk.levelEnd(filter, start);
                state = other;
            }
            if (end == length) {
                return (verdict | program[state + END]) == ALLOWED;
            }
            verdict |= program[state + REST];
            start = end + 1;
        }
        return permitsWildcardsFrom(state, verdict, filter, start);
    }

    /** The decision on a filter whose first wildcard level starts at {@code start}, reached in {@code state}. */
    private boolean permitsWildcardsFrom(int state, int verdict, String filter, int start) {
        if ((verdict & DENIED) != 0) {
            return false;
        }
        TrieNode[] merged = nodes[program[state + NODES]];
        boolean covered = verdict == ALLOWED;
        for (int i = 0; !covered && i < merged.length; i++) {
            covered = TrieFilterWalk.covers(merged[i], filter, start);
        }
        if (!covered) {
            return false;
        }
        if (((program[state + END] | program[state + BELOW]) & DENIED) == 0) {
            return true; // no deny pattern ends here or below: nothing the wildcards reach is denied
        }
        for (TrieNode node : merged) {
            if (TrieFilterWalk.intersects(node, filter, start)) {
                return false;
            }
        }
        return true;
    }

    /**
     * The key record of {@code state} whose key is the whole level (or run of levels) at {@code start}, or -1. A few
     * keys are tried in turn: the char after the key must end the level, which rejects most keys with one comparison,
     * and the first and last chars come before comparing the whole key. Many keys are hashed while scanning for the
     * level's end.
     */
    private int keyAt(int state, String topic, int start) {
        int[] program = this.program;
        if (program[state + TABLE] >= 0) {
            return hashedKeyAt(state, topic, start);
        }
        int length = topic.length();
        for (int key = state + HEADER, last = key + KEY * program[state + KEY_COUNT]; key < last; key += KEY) {
            int after = start + program[key + LENGTH];
            if (after <= length && (after == length || topic.charAt(after) == '/')) {
                int first = program[key + FIRST];
                if (first < 0
                        || (topic.charAt(start) == first
                                && topic.charAt(after - 1) == program[key + LAST]
                                && topic.regionMatches(start, texts[program[key + TEXT]], 0, after - start))) {
                    return key;
                }
            }
        }
        return -1;
    }

    private int hashedKeyAt(int state, String topic, int start) {
        int length = topic.length();
        int hash = 0;
        int end = start;
        for (char c; end < length && (c = topic.charAt(end)) != '/'; end++) {
            hash = 31 * hash + c;
        }
        int table = program[state + TABLE];
        int mask = program[state + MASK];
        for (int probe = spread(hash) & mask; slots[table + probe] >= 0; probe = (probe + 1) & mask) {
            int key = slots[table + probe];
            if (slotHashes[table + probe] == hash
                    && program[key + LENGTH] == end - start
                    && topic.regionMatches(start, texts[program[key + TEXT]], 0, end - start)) {
                return key;
            }
        }
        return -1;
    }

    static int spread(int hash) {
        return hash ^ (hash >>> 16);
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
}
