package dev.palisade.policy.internal;

import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** A state of a {@link LevelAutomaton} under construction by {@link AutomatonBuilder}. */
final class AutomatonDraft {

    /** The two roots differ only in which first levels they read: those that start with {@code $}, or the others. */
    enum RootKind {
        NONE,
        PLAIN,
        DOLLAR
    }

    /** The trie nodes merged in this state. */
    final List<TrieNode> nodes;

    final RootKind rootKind;
    /** The literal levels that lead elsewhere than {@link #otherLevel}, and runs of several levels before them. */
    final List<String> keys = new ArrayList<>();

    final List<AutomatonDraft> keyTargets = new ArrayList<>();
    /** The verdict a key picks up before its target: that of the states a run passes. */
    final List<Integer> keyVerdicts = new ArrayList<>();

    @Nullable
    AutomatonDraft otherLevel;

    /** Where {@link AutomatonLayout} puts this state in the program. */
    int offset;

    AutomatonDraft(List<TrieNode> nodes, RootKind rootKind) {
        this.nodes = nodes;
        this.rootKind = rootKind;
    }

    void addKey(String key, AutomatonDraft target, int verdict) {
        keys.add(key);
        keyTargets.add(target);
        keyVerdicts.add(verdict);
    }

    /** The verdict of the patterns here for a topic that ends at this state; roots are never ended at. */
    int ending() {
        int end = 0;
        for (TrieNode node : nodes) {
            end |= Verdicts.ending(node.flags);
        }
        return rootKind == RootKind.NONE ? end : 0;
    }

    /** The verdict of the patterns here for a topic that goes on below this state. */
    int continuing() {
        if (rootKind == RootKind.DOLLAR) {
            return 0; // a '#' at the root matches no $ topic
        }
        int rest = 0;
        for (TrieNode node : nodes) {
            rest |= Verdicts.continuing(node.flags);
        }
        return rest;
    }
}
