package dev.palisade.cli.simulate;

import dev.palisade.cli.simulate.Node.Mapping;
import dev.palisade.cli.simulate.Node.Member;
import dev.palisade.cli.simulate.Node.Scalar;
import dev.palisade.cli.simulate.Node.Sequence;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JsonToken;

/**
 * The members of one mapping of a scenario file, read as typed values. Every refusal names the member's path and the
 * line it is on; a member this mapping does not take is refused with the list of those it does.
 */
final class Fields {

    private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h)");
    static final Duration LONGEST = Duration.ofHours(24);

    private final String source;
    private final Mapping mapping;

    /**
     * @param what what the mapping is, for messages ("a step", "a device group")
     * @param allowed the members it takes
     */
    Fields(String source, Node node, String what, Set<String> allowed) {
        this.source = source;
        this.mapping = mapping(source, node, what);
        for (Map.Entry<String, Member> member : mapping.members().entrySet()) {
            if (!allowed.contains(member.getKey())) {
                throw new ScenarioException(
                        source,
                        member.getValue().line(),
                        member.getValue().column(),
                        path(member.getKey()),
                        "unknown field '" + member.getKey() + "' (" + what + " takes: "
                                + String.join(", ", allowed.stream().sorted().toList()) + ")");
            }
        }
    }

    static Mapping mapping(String source, Node node, String what) {
        if (node instanceof Mapping mapping) {
            return mapping;
        }
        throw fail(source, node, what + " must be a mapping of fields, not " + node.kindName());
    }

    Mapping node() {
        return mapping;
    }

    Optional<Node> get(String key) {
        return Optional.ofNullable(mapping.members().get(key)).map(Member::value);
    }

    Node required(String key) {
        return get(key).orElseThrow(() -> new ScenarioException(
                source, mapping.line(), mapping.column(), path(key), "missing (a required field)"));
    }

    String text(String key) {
        return text(required(key));
    }

    String text(String key, String otherwise) {
        return get(key).map(this::text).orElse(otherwise);
    }

    String text(Node node) {
        if (node instanceof Scalar scalar
                && scalar.token() != JsonToken.VALUE_NULL
                && !scalar.text().isBlank()) {
            return scalar.text();
        }
        throw fail(node, "must be text, not " + node.kindName());
    }

    /** Text that matches {@code pattern}, described by {@code rule} when it does not. */
    String name(String key, Pattern pattern, String rule) {
        return name(required(key), pattern, rule);
    }

    String name(Node node, Pattern pattern, String rule) {
        String text = text(node);
        if (!pattern.matcher(text).matches()) {
            throw fail(node, "'" + text + "' is not a valid name: " + rule);
        }
        return text;
    }

    int integer(String key, int otherwise, int min, int max) {
        Optional<Node> node = get(key);
        if (node.isEmpty()) {
            return otherwise;
        }
        if (node.get() instanceof Scalar scalar && scalar.token() == JsonToken.VALUE_NUMBER_INT) {
            try {
                long value = Long.parseLong(scalar.text());
                if (value >= min && value <= max) {
                    return (int) value;
                }
            } catch (NumberFormatException tooLarge) {
                // reported below
            }
        }
        throw fail(
                node.get(),
                String.format(
                        Locale.ROOT,
                        "must be a whole number from %,d to %,d, not %s",
                        min,
                        max,
                        node.get().kindName()));
    }

    /** A number greater than 0 and at most {@code max}. */
    double positive(String key, double max) {
        Node node = required(key);
        if (node instanceof Scalar scalar
                && (scalar.token() == JsonToken.VALUE_NUMBER_INT || scalar.token() == JsonToken.VALUE_NUMBER_FLOAT)) {
            double value = Double.parseDouble(scalar.text());
            if (value > 0 && value <= max) {
                return value;
            }
        }
        throw fail(
                node,
                String.format(Locale.ROOT, "must be a number above 0 and at most %,.0f, not %s", max, node.kindName()));
    }

    boolean bool(String key, boolean otherwise) {
        Optional<Node> node = get(key);
        if (node.isEmpty()) {
            return otherwise;
        }
        if (node.get() instanceof Scalar scalar
                && (scalar.token() == JsonToken.VALUE_TRUE || scalar.token() == JsonToken.VALUE_FALSE)) {
            return scalar.token() == JsonToken.VALUE_TRUE;
        }
        throw fail(node.get(), "must be true or false, not " + node.get().kindName());
    }

    Duration duration(String key, Duration min) {
        return duration(required(key), min);
    }

    Optional<Duration> optionalDuration(String key, Duration min) {
        return get(key).map(node -> duration(node, min));
    }

    /** {@code 250ms}, {@code 5s}, {@code 1.5s}, {@code 2m}, {@code 1h}, or ISO-8601 ({@code PT5S}). */
    Duration duration(Node node, Duration min) {
        @Nullable Duration value = null;
        if (node instanceof Scalar scalar && scalar.token() == JsonToken.VALUE_STRING) {
            value = parseDuration(scalar.text().strip());
        }
        if (value == null) {
            String hint = node instanceof Scalar scalar && scalar.token() == JsonToken.VALUE_NUMBER_INT
                    ? " (a duration needs its unit: " + scalar.text() + "s, " + scalar.text() + "ms)"
                    : " (write it as 250ms, 5s, 2m or 1h)";
            throw fail(node, "must be a duration, not " + node.kindName() + hint);
        }
        if (value.compareTo(min) < 0 || value.compareTo(LONGEST) > 0) {
            throw fail(
                    node,
                    "must be from " + Durations.text(min) + " to " + Durations.text(LONGEST) + ", not "
                            + Durations.text(value));
        }
        return value;
    }

    private static @Nullable Duration parseDuration(String text) {
        Matcher simple = DURATION.matcher(text);
        if (simple.matches()) {
            double amount = Double.parseDouble(simple.group(1));
            double nanos = switch (simple.group(2)) {
                case "ms" -> amount * 1e6;
                case "s" -> amount * 1e9;
                case "m" -> amount * 60e9;
                default -> amount * 3600e9;
            };
            return nanos > Long.MAX_VALUE / 2 ? LONGEST.plusDays(1) : Duration.ofNanos(Math.round(nanos));
        }
        if (text.startsWith("P") || text.startsWith("p")) {
            try {
                return Duration.parse(text);
            } catch (DateTimeParseException e) {
                return null;
            }
        }
        return null;
    }

    Sequence sequence(String key, int min, int max) {
        Node node = required(key);
        if (!(node instanceof Sequence sequence)) {
            throw fail(node, "must be a list, not " + node.kindName());
        }
        if (sequence.items().size() < min || sequence.items().size() > max) {
            throw fail(
                    node,
                    String.format(
                            Locale.ROOT,
                            "must hold from %d to %d entries, not %d",
                            min,
                            max,
                            sequence.items().size()));
        }
        return sequence;
    }

    String path(String key) {
        return mapping.path().isEmpty() ? key : mapping.path() + "." + key;
    }

    ScenarioException fail(Node node, String problem) {
        return fail(source, node, problem);
    }

    static ScenarioException fail(String source, Node node, String problem) {
        return new ScenarioException(source, node.line(), node.column(), node.path(), problem);
    }
}
