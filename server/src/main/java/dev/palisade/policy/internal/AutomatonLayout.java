package dev.palisade.policy.internal;

import java.util.Arrays;
import java.util.List;

/**
 * Lays the states of a {@link LevelAutomaton} out in one {@code int[]} program: a state is the offset of its header,
 * and its keys follow the header. A decision then goes from state to state by reading ints of one array, instead of
 * following references from object to object: each level costs a few loads that do not wait on one another.
 *
 * <pre>
 * state header: REST  END  BELOW  OTHER  KEY_COUNT  TABLE  MASK  NODES
 * key record:   LENGTH  FIRST  LAST  TARGET  VERDICT  TEXT
 * </pre>
 *
 * Verdicts are {@link Verdicts} bits. OTHER and TARGET are state offsets (OTHER is -1 where no pattern goes on); FIRST
 * and LAST are the key's first and last char (-1 for the empty key); TEXT indexes the key strings; NODES the trie nodes
 * merged in the state. A state with more than {@link LevelKeys#LINEAR_LIMIT} keys has an open-addressing table at
 * TABLE in the slot arrays (MASK + 1 slots of key record offsets, -1 for free); otherwise TABLE is -1.
 */
final class AutomatonLayout {

    /** The verdict if the topic goes on below this state. */
    static final int REST = 0;
    /** The verdict if the topic ends at this state. */
    static final int END = 1;
    /** The verdicts that states below can still add. */
    static final int BELOW = 2;

    static final int OTHER = 3;
    static final int KEY_COUNT = 4;
    static final int TABLE = 5;
    static final int MASK = 6;
    static final int NODES = 7;
    static final int HEADER = 8;

    static final int LENGTH = 0;
    static final int FIRST = 1;
    static final int LAST = 2;
    static final int TARGET = 3;
    static final int VERDICT = 4;
    static final int TEXT = 5;
    static final int KEY = 6;

    private AutomatonLayout() {}

    /** The automaton of {@code drafts}, in the order they were created: the two roots first, successors after. */
    static LevelAutomaton lay(List<AutomatonDraft> drafts, TrieNode trieRoot) {
        int size = 0;
        int keyCount = 0;
        int slotCount = 0;
        for (AutomatonDraft draft : drafts) {
            draft.offset = size;
            size += HEADER + KEY * draft.keys.size();
            keyCount += draft.keys.size();
            slotCount += isHashed(draft) ? capacity(draft) : 0;
        }
        var program = new int[size];
        var texts = new String[keyCount];
        var slots = new int[slotCount];
        var slotHashes = new int[slotCount];
        var nodes = new TrieNode[drafts.size()][];
        Arrays.fill(slots, -1);
        int text = 0;
        int slot = 0;
        for (int d = 0; d < drafts.size(); d++) {
            AutomatonDraft draft = drafts.get(d);
            int state = draft.offset;
            AutomatonDraft other = draft.otherLevel;
            program[state + REST] = draft.continuing();
            program[state + END] = draft.ending();
            program[state + OTHER] = other == null ? -1 : other.offset;
            program[state + KEY_COUNT] = draft.keys.size();
            program[state + TABLE] = -1;
            program[state + NODES] = d;
            nodes[d] = draft.nodes.toArray(TrieNode[]::new);
            for (int k = 0; k < draft.keys.size(); k++) {
                String key = draft.keys.get(k);
                int record = state + HEADER + KEY * k;
                program[record + LENGTH] = key.length();
                program[record + FIRST] = key.isEmpty() ? -1 : key.charAt(0);
                program[record + LAST] = key.isEmpty() ? -1 : key.charAt(key.length() - 1);
                program[record + TARGET] = draft.keyTargets.get(k).offset;
                program[record + VERDICT] = draft.keyVerdicts.get(k);
                program[record + TEXT] = text;
                texts[text++] = key;
            }
            if (isHashed(draft)) {
                int mask = capacity(draft) - 1;
                program[state + TABLE] = slot;
                program[state + MASK] = mask;
                for (int k = 0; k < draft.keys.size(); k++) {
                    int hash = draft.keys.get(k).hashCode();
                    int probe = LevelAutomaton.spread(hash) & mask;
                    while (slots[slot + probe] >= 0) {
                        probe = (probe + 1) & mask;
                    }
                    slots[slot + probe] = state + HEADER + KEY * k;
                    slotHashes[slot + probe] = hash;
                }
                slot += mask + 1;
            }
        }
        // a state's successors hold deeper trie nodes, so they come after it: fill BELOW from the last state back
        for (AutomatonDraft draft : drafts.reversed()) {
            int state = draft.offset;
            int below = 0;
            for (int k = 0; k < draft.keys.size(); k++) {
                int record = state + HEADER + KEY * k;
                below |= program[record + VERDICT] | verdictsFrom(program, program[record + TARGET]);
            }
            int other = program[state + OTHER];
            if (other >= 0) {
                below |= verdictsFrom(program, other);
            }
            program[state + BELOW] = below;
        }
        return new LevelAutomaton(program, texts, slots, slotHashes, nodes, drafts.get(1).offset, trieRoot);
    }

    private static int verdictsFrom(int[] program, int state) {
        return program[state + REST] | program[state + END] | program[state + BELOW];
    }

    /** Keys of several levels (runs) are only added where the keys stay few enough to be compared in turn. */
    private static boolean isHashed(AutomatonDraft draft) {
        return draft.keys.size() > LevelKeys.LINEAR_LIMIT;
    }

    private static int capacity(AutomatonDraft draft) {
        return Integer.highestOneBit(draft.keys.size() * 4 - 1);
    }
}
