package dev.palisade.policy.internal;

/**
 * A level of a pattern compiled for one device: its variables replaced. A literal here is always a valid topic level
 * (no {@code /}, {@code +}, {@code #} or NUL): substitution drops or widens patterns whose values are not, so a value
 * can never turn into a wildcard or a level separator.
 */
sealed interface ConcreteLevel {

    /** Text that a topic level must equal. */
    record Literal(String text) implements ConcreteLevel {}

    /** The wildcards of a pattern. */
    enum Wildcard implements ConcreteLevel {
        /** {@code +}. */
        ANY_LEVEL,
        /** {@code #}, always last. */
        ANY_REMAINING
    }
}
