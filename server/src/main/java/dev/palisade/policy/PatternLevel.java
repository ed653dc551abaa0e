package dev.palisade.policy;

import java.util.List;

/**
 * One level of a parsed {@link ResourcePattern} (for a client id, the single level): a wildcard, or text that may
 * contain variables.
 */
public sealed interface PatternLevel {

    /** {@code +}: exactly one level, whatever its text (for a client id: any client id). */
    record AnyLevel() implements PatternLevel {
        @Override
        public String toString() {
            return "+";
        }
    }

    /** {@code #}: the parent level and any number of levels below it; only ever the last level. */
    record AnyRemainingLevels() implements PatternLevel {
        @Override
        public String toString() {
            return "#";
        }
    }

    /**
     * A level matched exactly, after its variables are replaced by the device's values.
     *
     * @param segments literal text and variables, in order; never empty unless the level is the empty level
     */
    record Exact(List<Segment> segments) implements PatternLevel {
        public Exact {
            segments = List.copyOf(segments);
        }

        /** Whether the level names a variable; without one it is the same for every device. */
        public boolean hasVariables() {
            return segments.stream().anyMatch(Segment.Variable.class::isInstance);
        }

        /** Whether the level is exactly the variable {@code variable} and nothing else. */
        public boolean isExactly(PolicyVariable variable) {
            return segments.size() == 1
                    && segments.getFirst() instanceof Segment.Variable(var only)
                    && only.equals(variable);
        }

        /** Whether the level starts with {@code $} as literal text (a {@code $SYS}-style topic level). */
        public boolean startsWithDollar() {
            return !segments.isEmpty() && segments.getFirst() instanceof Segment.Text(var text) && text.startsWith("$");
        }

        @Override
        public String toString() {
            var text = new StringBuilder();
            for (Segment segment : segments) {
                text.append(segment);
            }
            return text.toString();
        }
    }

    /** A piece of an {@link Exact} level. */
    sealed interface Segment {
        /** Literal text. */
        record Text(String value) implements Segment {
            @Override
            public String toString() {
                return value;
            }
        }

        /** A variable, replaced by the device's value at compilation. */
        record Variable(PolicyVariable variable) implements Segment {
            @Override
            public String toString() {
                return variable.text();
            }
        }
    }
}
