package dev.palisade.policy;

import dev.palisade.policy.internal.PatternParser;
import java.util.List;

/**
 * A validated resource of a statement: an MQTT topic pattern ({@code devices/${device.id}/telemetry/#}) or a client-id
 * pattern ({@code ${device.id}}, {@code +}). Parsing is strict and reports the offending character's offset; see
 * docs/policies.md for the grammar.
 */
public final class ResourcePattern {

    private final ResourceKind kind;
    private final String text;
    private final List<PatternLevel> levels;

    private ResourcePattern(ResourceKind kind, String text, List<PatternLevel> levels) {
        this.kind = kind;
        this.text = text;
        this.levels = List.copyOf(levels);
    }

    /**
     * Parses {@code text} as a pattern of {@code kind}.
     *
     * @throws PolicyDocumentException if it is not a valid pattern; the exception carries the offset within it
     */
    public static ResourcePattern parse(ResourceKind kind, String text) {
        return new ResourcePattern(kind, text, PatternParser.parse(kind, text));
    }

    /** Parses a topic pattern, such as {@code devices/${device.id}/commands/#}. */
    public static ResourcePattern topic(String text) {
        return parse(ResourceKind.TOPIC, text);
    }

    /** Parses a client-id pattern, such as {@code ${device.id}}. */
    public static ResourcePattern clientId(String text) {
        return parse(ResourceKind.CLIENT_ID, text);
    }

    public ResourceKind kind() {
        return kind;
    }

    /** The pattern as written. */
    public String text() {
        return text;
    }

    /** The parsed levels; a client-id pattern has exactly one. */
    public List<PatternLevel> levels() {
        return levels;
    }

    /** Whether some level names a variable of {@code variableKind}. */
    public boolean mentions(PolicyVariable.Kind variableKind) {
        for (PatternLevel level : levels) {
            if (level instanceof PatternLevel.Exact exact) {
                for (PatternLevel.Segment segment : exact.segments()) {
                    if (segment instanceof PatternLevel.Segment.Variable(var variable)
                            && variable.kind() == variableKind) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ResourcePattern that && kind == that.kind && text.equals(that.text);
    }

    @Override
    public int hashCode() {
        return kind.hashCode() * 31 + text.hashCode();
    }

    @Override
    public String toString() {
        return text;
    }
}
