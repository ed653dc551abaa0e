package dev.palisade.cli.simulate;

import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * What a step expects of one of its figures: a count ({@code all}, {@code none}, a number), a minimum rate, or a
 * maximum rate.
 */
public sealed interface Expected {

    /**
     * So many of the step's attempts (devices, messages, sessions).
     *
     * @param exactly the number, or null for all of them
     */
    record Count(@Nullable Long exactly) implements Expected {

        public static final Count ALL = new Count(null);

        public Count {
            if (exactly != null && exactly < 0) {
                throw new IllegalArgumentException("a count cannot be negative");
            }
        }

        /** Whether {@code observed} out of {@code total} is what was expected. */
        public boolean met(long observed, long total) {
            return observed == (exactly == null ? total : exactly);
        }

        public String describe(long total) {
            if (exactly == null) {
                return String.format(Locale.ROOT, "all (%,d)", total);
            }
            return exactly == 0 ? "none" : String.format(Locale.ROOT, "%,d", exactly);
        }
    }

    /** At most so many per second: a limit that must hold. */
    record AtMost(double maximum) implements Expected {

        public AtMost {
            if (!(maximum >= 0) || Double.isInfinite(maximum)) {
                throw new IllegalArgumentException("a maximum rate must be a number of at least 0");
            }
        }

        public boolean met(double observed) {
            return observed <= maximum;
        }

        public String describe() {
            return String.format(Locale.ROOT, "at most %,.1f/s", maximum);
        }
    }

    /** At least so many per second. */
    record AtLeast(double minimum) implements Expected {

        public AtLeast {
            if (!(minimum >= 0) || Double.isInfinite(minimum)) {
                throw new IllegalArgumentException("a minimum rate must be a number of at least 0");
            }
        }

        public boolean met(double observed) {
            return observed >= minimum;
        }

        public String describe() {
            return String.format(Locale.ROOT, "at least %,.1f/s", minimum);
        }
    }
}
