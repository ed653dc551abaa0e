package dev.palisade.policy;

/**
 * The checks of {@link PolicyLint}, each with a stable code and a severity. A warning marks a grant that is very
 * likely broader than meant; information marks a statement that does nothing useful.
 */
public enum LintRule {
    /** An allow of a topic action on {@code #}: every topic of the tenant. */
    ALL_TOPICS("policy.lint.all-topics", LintFinding.Severity.WARNING),
    /** An allow of a topic action on a pattern whose first level is {@code +}: across the tenant's topic tree. */
    WILDCARD_AT_ROOT("policy.lint.wildcard-at-root", LintFinding.Severity.WARNING),
    /**
     * An allow of a topic action below {@code devices/} whose second level is not exactly {@code ${device.id}}: it
     * reaches other devices' topics ({@code devices/+/...}, {@code devices/#}) or one fixed device's.
     */
    OTHER_DEVICES("policy.lint.other-devices", LintFinding.Severity.WARNING),
    /** An allow of connect for any client id ({@code +}). */
    CONNECT_ANY_CLIENT_ID("policy.lint.connect-any-client-id", LintFinding.Severity.WARNING),
    /**
     * An allow of connect for a client id without {@code ${device.id}} or {@code ${cert.serial}}: every device the
     * document applies to may take the same client id, and MQTT disconnects a session when another connects with its
     * client id.
     */
    CONNECT_SHARED_CLIENT_ID("policy.lint.connect-shared-client-id", LintFinding.Severity.WARNING),
    /**
     * An allow of retain on a pattern with a wildcard outside the device's own subtree (before its {@code
     * ${device.id}} level, or anywhere in a pattern without one): retained messages outlive the session and reach
     * every later subscriber.
     */
    BROAD_RETAIN("policy.lint.broad-retain", LintFinding.Severity.WARNING),
    /** An allow that a deny in the same document always overrides, for some or all of its actions. */
    ALLOW_NEVER_APPLIES("policy.lint.allow-never-applies", LintFinding.Severity.INFO);

    private final String code;
    private final LintFinding.Severity severity;

    LintRule(String code, LintFinding.Severity severity) {
        this.code = code;
        this.severity = severity;
    }

    /** The stable code, for example {@code policy.lint.all-topics}. */
    public String code() {
        return code;
    }

    public LintFinding.Severity severity() {
        return severity;
    }
}
