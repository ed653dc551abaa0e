package dev.palisade.policy.internal;

import org.jspecify.annotations.Nullable;

/**
 * A state of a {@link LevelAutomaton}: the set of trie nodes that the levels read so far lead to, merged so that the
 * next level has exactly one next state. Immutable.
 */
final class AutomatonState {

    /** The verdict if the topic ends at this state: patterns that end here exactly or with {@code #}. */
    final int endVerdict;
    /** The verdict if the topic goes on below this state: patterns that end with {@code #} after this level. */
    final int restVerdict;
    /** The verdicts that states below can still add: a walk stops as soon as they cannot change its outcome. */
    final int verdictsBelow;

    final LevelKeys keys;
    private final AutomatonState[] keyTargets;
    /** The verdict of the {@code #} patterns that a key of several levels passes before its target; 0 otherwise. */
    private final int[] keyVerdicts;
    /** The next state for a level that is none of the keys ({@code +} patterns only), or null if no pattern goes on. */
    final @Nullable AutomatonState otherLevel;
    /** The trie nodes merged here: where a filter's wildcard levels are decided pattern by pattern. */
    final TrieNode[] nodes;

    AutomatonState(
            int endVerdict,
            int restVerdict,
            LevelKeys keys,
            AutomatonState[] keyTargets,
            int[] keyVerdicts,
            @Nullable AutomatonState otherLevel,
            TrieNode[] nodes) {
        this.endVerdict = endVerdict;
        this.restVerdict = restVerdict;
        this.keys = keys;
        this.keyTargets = keyTargets;
        this.keyVerdicts = keyVerdicts;
        this.otherLevel = otherLevel;
        this.nodes = nodes;
        int below = 0;
        for (int i = 0; i < keyTargets.length; i++) {
            below |= keyVerdicts[i] | keyTargets[i].verdictsFromHere();
        }
        if (otherLevel != null) {
            below |= otherLevel.verdictsFromHere();
        }
        this.verdictsBelow = below;
    }

    AutomatonState keyTarget(int index) {
        return keyTargets[index];
    }

    int keyVerdict(int index) {
        return keyVerdicts[index];
    }

    private int verdictsFromHere() {
        return endVerdict | restVerdict | verdictsBelow;
    }
}
