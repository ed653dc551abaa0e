package dev.palisade.policy.internal;

import static dev.palisade.policy.internal.TrieNode.ALLOW_HERE;
import static dev.palisade.policy.internal.TrieNode.ALLOW_REST;
import static dev.palisade.policy.internal.TrieNode.DENY_HERE;
import static dev.palisade.policy.internal.TrieNode.DENY_REST;

import dev.palisade.policy.Effect;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The allow and deny patterns of one action for one device. They are compiled into a trie of levels, and the trie
 * into a {@link LevelAutomaton} that reads each level of a topic once; where the automaton would be too large (many
 * {@code +} patterns at different depths), decisions walk the trie itself. Either way a decision goes by index over
 * the topic string and allocates nothing. Deny wins; no match denies.
 *
 * <p>MQTT 3.1.1 section 4.7.2 (MQTT 5 section 4.7.2): a topic whose first level starts with {@code $} is not matched
 * by a pattern whose first level is a wildcard, so only patterns that name the {@code $} level literally reach it.
 */
public final class TopicRules {

    private final TrieNode root;
    private final @Nullable LevelAutomaton automaton;

    private TopicRules(TrieNode root, @Nullable LevelAutomaton automaton) {
        this.root = root;
        this.automaton = automaton;
    }

    /**
     * Whether the topic name is allowed: some allow pattern matches it and no deny pattern does. The name must be
     * non-empty and within MQTT's length (checked by {@link Topics#isWithinLimits}); the walk checks the rest, and
     * denies a name with a wildcard or NUL.
     */
    public boolean permitsName(String topic) {
        LevelAutomaton compiled = automaton;
        return compiled != null ? compiled.permitsName(topic) : TrieNameWalk.permitsName(root, topic);
    }

    /**
     * Whether a valid topic filter, starting at {@code from} (past a {@code $share/name/} prefix), is allowed: a single
     * allow pattern covers every topic the filter can match, and no deny pattern matches any of them. A filter that
     * only a union of several allow patterns covers is refused: conservative, and simple to explain.
     */
    public boolean permitsFilter(String filter, int from) {
        LevelAutomaton compiled = automaton;
        return compiled != null ? compiled.permitsFilter(filter, from) : TrieFilterWalk.permits(root, filter, from);
    }

    /** Whether decisions read the automaton; false where it was too large to build. */
    boolean isAutomatic() {
        return automaton != null;
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
            TrieNode trie = root.build();
            return new TopicRules(trie, AutomatonBuilder.build(trie));
        }

        /** The rules, deciding by walking the trie if the automaton would exceed {@code budget} states and keys. */
        TopicRules build(int budget) {
            TrieNode trie = root.build();
            return new TopicRules(trie, AutomatonBuilder.build(trie, budget));
        }
    }
}
