package dev.palisade.policy.internal;

import dev.palisade.policy.Effect;
import dev.palisade.policy.PatternLevel;
import dev.palisade.policy.PolicySubject;
import dev.palisade.policy.PolicyVariable;
import dev.palisade.policy.ResourcePattern;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Replaces a pattern's variables with one device's values. A value only ever becomes literal text of its level:
 *
 * <ul>
 *   <li>a level whose result is not a valid topic level (it contains {@code /}, {@code +}, {@code #} or NUL) or whose
 *       variable has no value (no such attribute, no groups, no certificate serial, or the empty string) makes an
 *       allow pattern match nothing (it is dropped), and makes a deny pattern treat that level as {@code +}: a missing
 *       or odd value never opens access, and never closes a deny;
 *   <li>{@code ${device.group}} yields one pattern per group of the device.
 * </ul>
 */
final class Substitution {

    private static final PolicyVariable GROUP = PolicyVariable.of(PolicyVariable.Kind.GROUP);

    private Substitution() {}

    /** The concrete topic patterns of {@code pattern} for {@code subject}: none, one, or one per group. */
    static List<List<ConcreteLevel>> topicPatterns(ResourcePattern pattern, Effect effect, PolicySubject subject) {
        var patterns = new ArrayList<List<ConcreteLevel>>();
        for (Optional<String> group : groupChoices(pattern, effect, subject)) {
            concrete(pattern, effect, subject, group.orElse(null)).ifPresent(patterns::add);
        }
        return patterns;
    }

    private static Optional<List<ConcreteLevel>> concrete(
            ResourcePattern pattern, Effect effect, PolicySubject subject, @Nullable String group) {
        var levels = new ArrayList<ConcreteLevel>(pattern.levels().size());
        for (PatternLevel level : pattern.levels()) {
            @Nullable
            ConcreteLevel concrete = switch (level) {
                case PatternLevel.AnyLevel any -> ConcreteLevel.Wildcard.ANY_LEVEL;
                case PatternLevel.AnyRemainingLevels rest -> ConcreteLevel.Wildcard.ANY_REMAINING;
                case PatternLevel.Exact exact -> {
                    String text = text(exact, subject, group);
                    if (text != null && Topics.isValidLevel(text)) {
                        yield new ConcreteLevel.Literal(text);
                    }
                    if (effect == Effect.ALLOW) {
                        yield null;
                    }
                    yield ConcreteLevel.Wildcard.ANY_LEVEL;
                }
            };
            if (concrete == null) {
                return Optional.empty();
            }
            levels.add(concrete);
        }
        return Optional.of(List.copyOf(levels));
    }

    /**
     * The client ids of a connect pattern for {@code subject}: an empty optional stands for any client id ({@code +},
     * or a deny whose value is missing or invalid). An allow whose value is missing or invalid yields nothing.
     */
    static List<Optional<String>> clientIds(ResourcePattern pattern, Effect effect, PolicySubject subject) {
        var clientIds = new ArrayList<Optional<String>>();
        for (Optional<String> group : groupChoices(pattern, effect, subject)) {
            if (!(pattern.levels().getFirst() instanceof PatternLevel.Exact exact)) {
                clientIds.add(Optional.empty());
                continue;
            }
            String text = text(exact, subject, group.orElse(null));
            if (text != null && Topics.isValidClientId(text)) {
                clientIds.add(Optional.of(text));
            } else if (effect == Effect.DENY) {
                clientIds.add(Optional.empty());
            }
        }
        return clientIds;
    }

    /**
     * The group values to substitute one at a time: the device's groups, or a single missing value (empty) for a
     * pattern without the group variable, and for a deny when the device is in no group. An allow that names the
     * group variable of a device in no group has no choices, so it yields no pattern.
     */
    private static List<Optional<String>> groupChoices(ResourcePattern pattern, Effect effect, PolicySubject subject) {
        if (!pattern.mentions(PolicyVariable.Kind.GROUP)) {
            return List.of(Optional.empty());
        }
        List<String> groups = subject.valuesOf(GROUP);
        if (groups.isEmpty()) {
            return effect == Effect.ALLOW ? List.of() : List.of(Optional.empty());
        }
        return groups.stream().map(Optional::of).toList();
    }

    /** The level's text for {@code subject}, or null if a variable in it has no value. */
    private static @Nullable String text(PatternLevel.Exact level, PolicySubject subject, @Nullable String group) {
        var text = new StringBuilder();
        for (PatternLevel.Segment segment : level.segments()) {
            @Nullable
            String value = switch (segment) {
                case PatternLevel.Segment.Text(var literal) -> literal;
                case PatternLevel.Segment.Variable(var variable) ->
                    variable.kind() == PolicyVariable.Kind.GROUP
                            ? group
                            : subject.valuesOf(variable).stream().findFirst().orElse(null);
            };
            if (value == null) {
                return null;
            }
            text.append(value);
        }
        return text.toString();
    }
}
