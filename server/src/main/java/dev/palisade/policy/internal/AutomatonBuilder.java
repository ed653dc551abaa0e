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
    private final Map<List<Integer>, AutomatonDraft> drafts = new HashMap<>();
    private final List<AutomatonDraft> created = new ArrayList<>();
    private final ArrayDeque<AutomatonDraft> pending = new ArrayDeque<>();
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
        builder.root(root, false);
        builder.root(root, true);
        while (!builder.pending.isEmpty()) {
            if (!builder.expand(builder.pending.removeFirst())) {
                return null;
            }
        }
        builder.addRuns();
        return AutomatonLayout.lay(builder.created, root);
    }

    /** The two roots come first: the plain one, then the one for topics whose first level starts with {@code $}. */
    private void root(TrieNode root, boolean dollar) {
        var draft = new AutomatonDraft(
                List.of(root), dollar ? AutomatonDraft.RootKind.DOLLAR : AutomatonDraft.RootKind.PLAIN);
        created.add(draft);
        pending.add(draft);
    }

    /** Finds the keys and successors of {@code draft}; false if that exceeds the budget. */
    private boolean expand(AutomatonDraft draft) {
        List<TrieNode> anyChildren = new ArrayList<>();
        if (draft.rootKind != AutomatonDraft.RootKind.DOLLAR) {
            for (TrieNode node : draft.nodes) {
                if (node.anyLevel != null) {
                    anyChildren.add(node.anyLevel);
                }
            }
        }
        AutomatonDraft other = anyChildren.isEmpty() ? null : draftOf(anyChildren);
        draft.otherLevel = other;
        var keys = new LinkedHashSet<String>();
        for (TrieNode node : draft.nodes) {
            for (int i = 0; i < node.literals.size(); i++) {
                String key = node.literals.key(i);
                if (draft.rootKind == AutomatonDraft.RootKind.NONE
                        || key.startsWith("$") == (draft.rootKind == AutomatonDraft.RootKind.DOLLAR)) {
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
            AutomatonDraft target = draftOf(targets);
            if (target != other) { // a key that leads where any other level does need not be compared
                draft.addKey(key, target, 0);
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
        var runsOf = new IdentityHashMap<AutomatonDraft, List<Run>>();
        for (AutomatonDraft draft : created) {
            var runs = new ArrayList<Run>();
            for (int i = 0; i < draft.keys.size(); i++) {
                var text = new StringBuilder(draft.keys.get(i));
                AutomatonDraft target = draft.keyTargets.get(i);
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
    private record Run(String text, AutomatonDraft target, int verdict) {}

    private AutomatonDraft draftOf(List<TrieNode> nodes) {
        var ids = new TreeSet<Integer>();
        for (TrieNode node : nodes) {
            ids.add(nodeIds.computeIfAbsent(node, ignored -> nodeIds.size()));
        }
        List<Integer> identity = List.copyOf(ids);
        AutomatonDraft draft = drafts.get(identity);
        if (draft == null) {
            draft = new AutomatonDraft(List.copyOf(nodes), AutomatonDraft.RootKind.NONE);
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
}
