package dev.palisade.policy;

/**
 * Something {@link PolicyLint} found in a document: which rule, where (a JSON pointer to the resource), and an
 * explanation for people.
 *
 * @param rule the check that found it
 * @param pointer the resource concerned, for example {@code /statements/0/resources/1}
 * @param message what is wrong and why it matters
 */
public record LintFinding(LintRule rule, String pointer, String message) {

    /** How much a finding matters. */
    public enum Severity {
        /** Probably broader than meant: worth fixing before the document is attached. */
        WARNING,
        /** Harmless but useless, such as an allow that can never apply. */
        INFO
    }

    /** The rule's stable code. */
    public String code() {
        return rule.code();
    }

    public Severity severity() {
        return rule.severity();
    }
}
