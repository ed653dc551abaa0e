package dev.palisade.policy.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * Builds the {@link LevelAutomaton} of a pattern trie by subset construction: a state is the set of trie nodes that
 * some sequence of levels reaches. From a state, a key (a literal level of one of its nodes) leads to the nodes' children
 * for that key together with their {@code +} children; any other level leads to the {@code +} children alone.
 *
 * <p>Realistic policies give about one state per trie node, but patterns with {@code +} at many different depths can
 * make the number of sets grow exponentially. The build therefore stops at a size proportional to the trie and answers
 * null; the caller then decides by walking the trie.
 */
final class AutomatonBuilder {

    /** States and keys allowed per trie node, on top of {@link #BASE_BUDGET}. */
    private static final int BUDGET_PER_NODE = 16;

    private static final int BASE_BUDGET = 1_024;

    /** The most levels one run key spans: keeps keys short where a policy has long literal chains. */
    private static final int MAX_RUN_LEVELS = 8;

    private final Map<TrieNode, Integer> nodeIds = new IdentityHashMap<>();
    private final Map<List<Integer>, Draft> drafts = new HashMap<>();
    private final List<Draft> created = new ArrayList<>();
    private final ArrayDeque<Draft> pending = new ArrayDeque<>();
    private int budget;

    private AutomatonBuilder(int budget) {
        this.budget = budget;
    }

    /** The automaton of the trie at {@code root}, or null if it would be larger than the trie warrants. */
    static @Nullable LevelAutomaton build(TrieNode root) {
        return build(root, BASE_BUDGET + BUDGET_PER_NODE * countNodes(root));
    }

    /** The automaton of the trie at {@code root}, or null if its states and keys would exceed {@code budget}. */
    static @Nullable LevelAutomaton build(TrieNode root, int budget) {
        var builder = new AutomatonBuilder(budget);
        Draft plainRoot = builder.root(root, false);
        Draft dollarRoot = builder.root(root, true);
        while (!builder.pending.isEmpty()) {
            if (!builder.expand(builder.pending.removeFirst())) {
                return null;
            }
        }
        builder.addRuns();
        // a state's successors hold deeper nodes, so they were created after it: build them first
        for (Draft draft : builder.created.reversed()) {
            draft.freeze();
        }
        return new LevelAutomaton(plainRoot.frozen(), dollarRoot.frozen(), root);
    }

    private Draft root(TrieNode root, boolean dollar) {
        var draft = new Draft(List.of(root), dollar ? RootKind.DOLLAR : RootKind.PLAIN);
        created.add(draft);
        pending.add(draft);
        return draft;
    }

    /** Finds the keys and successors of {@code draft}; false if that exceeds the budget. */
    private boolean expand(Draft draft) {
        List<TrieNode> anyChildren = new ArrayList<>();
        if (draft.rootKind != RootKind.DOLLAR) {
            for (TrieNode node : draft.nodes) {
                if (node.anyLevel != null) {
                    anyChildren.add(node.anyLevel);
                }
            }
        }
        Draft other = anyChildren.isEmpty() ? null : draftOf(anyChildren);
        draft.otherLevel = other;
        var keys = new LinkedHashSet<String>();
        for (TrieNode node : draft.nodes) {
            for (int i = 0; i < node.literals.size(); i++) {
                String key = node.literals.key(i);
                if (draft.rootKind == RootKind.NONE || key.startsWith("$") == (draft.rootKind == RootKind.DOLLAR)) {
                    keys.add(key);
                }
            }
        }
        for (String key : keys) {
            List<TrieNode> targets = new ArrayList<>(anyChildren);
            for (TrieNode node : draft.nodes) {
                TrieNode child = node.literals.find(key, 0, key.length());
                if (child != null) {
                    targets.add(child);
                }
            }
            Draft target = draftOf(targets);
            if (target != other) { // a key that leads where any other level does need not be compared
                draft.keys.add(key);
                draft.keyTargets.add(target);
                draft.keyVerdicts.add(0);
                budget--;
            }
        }
        return budget >= 0;
    }

    /**
     * Puts before each key that leads into a chain of states with a single key each the whole chain as one key of
     * several levels, with the verdict of the {@code #} patterns passed on the way: the common shape {@code
     * devices/<id>/...}, where {@code devices/+/...} patterns leave a single literal id below {@code devices}, is then
     * compared at once. The walk tries keys in order; if a run does not match, its first level alone still leads the
     * same way.
     */
    private void addRuns() {
        var runsOf = new IdentityHashMap<Draft, List<Run>>();
        for (Draft draft : created) {
            var runs = new ArrayList<Run>();
            for (int i = 0; i < draft.keys.size(); i++) {
                var text = new StringBuilder(draft.keys.get(i));
                Draft target = draft.keyTargets.get(i);
                int verdict = 0;
                int levels = 1;
                while (levels < MAX_RUN_LEVELS && target.keys.size() == 1) {
                    verdict |= target.continuing();
                    text.append('/').append(target.keys.getFirst());
                    target = target.keyTargets.getFirst();
                    levels++;
                }
                if (levels > 1) {
                    runs.add(new Run(text.toString(), target, verdict));
                }
            }
            if (!runs.isEmpty() && draft.keys.size() + runs.size() <= LevelKeys.LINEAR_LIMIT) {
                runsOf.put(draft, runs);
            }
        }
        runsOf.forEach((draft, runs) -> {
            draft.keys.addAll(0, runs.stream().map(Run::text).toList());
            draft.keyTargets.addAll(0, runs.stream().map(Run::target).toList());
            draft.keyVerdicts.addAll(0, runs.stream().map(Run::verdict).toList());
        });
    }

    /** A key of several levels: where it leads, and the verdict of the {@code #} patterns it passes. */
    private record Run(String text, Draft target, int verdict) {}

    private Draft draftOf(List<TrieNode> nodes) {
        var ids = new TreeSet<Integer>();
        for (TrieNode node : nodes) {
            ids.add(nodeIds.computeIfAbsent(node, ignored -> nodeIds.size()));
        }
        List<Integer> identity = List.copyOf(ids);
        Draft draft = drafts.get(identity);
        if (draft == null) {
            draft = new Draft(List.copyOf(nodes), RootKind.NONE);
            drafts.put(identity, draft);
            created.add(draft);
            pending.add(draft);
            budget--;
        }
        return draft;
    }

    private static int countNodes(TrieNode root) {
        int count = 0;
        var stack = new ArrayDeque<TrieNode>();
        stack.push(root);
        while (!stack.isEmpty()) {
            TrieNode node = stack.pop();
            count++;
            for (int i = 0; i < node.literals.size(); i++) {
                stack.push(node.literals.node(i));
            }
            if (node.anyLevel != null) {
                stack.push(node.anyLevel);
            }
        }
        return count;
    }

    /** The two roots differ only in which first levels they read: those that start with {@code $}, or the others. */
    private enum RootKind {
        NONE,
        PLAIN,
        DOLLAR
    }

    /** A state under construction. */
    private static final class Draft {
        final List<TrieNode> nodes;
        final RootKind rootKind;
        final List<String> keys = new ArrayList<>();
        final List<Draft> keyTargets = new ArrayList<>();
        /** The verdict a key picks up before its target: that of the states a run passes. */
        final List<Integer> keyVerdicts = new ArrayList<>();

        @Nullable
        Draft otherLevel;

        private @Nullable AutomatonState frozen;

        Draft(List<TrieNode> nodes, RootKind rootKind) {
            this.nodes = nodes;
            this.rootKind = rootKind;
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

        void freeze() {
            Draft other = otherLevel;
            frozen = new AutomatonState(
                    ending(),
                    continuing(),
                    keys.isEmpty() ? LevelKeys.NONE : new LevelKeys(keys),
                    keyTargets.stream().map(Draft::frozen).toArray(AutomatonState[]::new),
                    keyVerdicts.stream().mapToInt(Integer::intValue).toArray(),
                    other == null ? null : other.frozen(),
                    nodes.toArray(TrieNode[]::new));
        }

        AutomatonState frozen() {
            AutomatonState state = frozen;
            if (state == null) {
                throw new IllegalStateException("a state's successors are frozen before it");
            }
            return state;
        }
    }
}
