package dev.palisade.policy;

/**
 * Why a policy document was refused, each with a stable code for API clients (RFC 9457 problem details carry it). The
 * codes never change meaning; new ones may be added.
 */
public enum PolicyDocumentError {
    /** The text is not well-formed JSON; the exception carries the line and column. */
    MALFORMED_JSON("policy.document.malformed-json"),
    /** The text is empty or only white space. */
    EMPTY("policy.document.empty"),
    /** More than {@link PolicyLimits#MAX_DOCUMENT_BYTES} bytes of UTF-8. */
    TOO_LARGE("policy.document.too-large"),
    /** A value of the wrong JSON type, for example a string where an array belongs. */
    WRONG_TYPE("policy.document.wrong-type"),
    /** A member the format does not define: likely a typo, refused rather than ignored. */
    UNKNOWN_FIELD("policy.document.unknown-field"),
    /** The same member twice in one object. */
    DUPLICATE_FIELD("policy.document.duplicate-field"),
    /** A required member is absent. */
    MISSING_FIELD("policy.document.missing-field"),
    /** {@code statements} is an empty array. */
    NO_STATEMENTS("policy.document.no-statements"),
    /** More than {@link PolicyLimits#MAX_STATEMENTS} statements. */
    TOO_MANY_STATEMENTS("policy.document.too-many-statements"),
    /** An effect other than {@code Allow} or {@code Deny}. */
    UNKNOWN_EFFECT("policy.document.unknown-effect"),
    /** {@code actions} is an empty array. */
    NO_ACTIONS("policy.document.no-actions"),
    /** An action other than connect, publish, subscribe, receive, retain. */
    UNKNOWN_ACTION("policy.document.unknown-action"),
    /** The same action twice in one statement. */
    DUPLICATE_ACTION("policy.document.duplicate-action"),
    /** {@code connect} (client ids) and a topic action in one statement: their resources are of different kinds. */
    MIXED_RESOURCE_KINDS("policy.document.mixed-resource-kinds"),
    /** {@code resources} is an empty array. */
    NO_RESOURCES("policy.document.no-resources"),
    /** More than {@link PolicyLimits#MAX_RESOURCES_PER_STATEMENT} resources in one statement. */
    TOO_MANY_RESOURCES("policy.document.too-many-resources"),
    /** The same resource twice in one statement. */
    DUPLICATE_RESOURCE("policy.document.duplicate-resource"),
    /** A description longer than {@link PolicyLimits#MAX_DESCRIPTION_LENGTH} characters. */
    DESCRIPTION_TOO_LONG("policy.document.description-too-long"),
    /** A pattern that is the empty string. */
    PATTERN_EMPTY("policy.document.pattern-empty"),
    /** A pattern longer than {@link PolicyLimits#MAX_TOPIC_BYTES} bytes of UTF-8. */
    PATTERN_TOO_LONG("policy.document.pattern-too-long"),
    /** A pattern containing the NUL character, which MQTT forbids in topics and client ids. */
    PATTERN_NUL("policy.document.pattern-nul"),
    /** {@code #} that is not a whole level or not the last level ({@code a/#/b}, {@code a/b#}). */
    PATTERN_MISPLACED_MULTI_LEVEL_WILDCARD("policy.document.pattern-misplaced-multi-level-wildcard"),
    /** {@code +} that is not a whole level ({@code +x}, {@code a/b+}). */
    PATTERN_MISPLACED_SINGLE_LEVEL_WILDCARD("policy.document.pattern-misplaced-single-level-wildcard"),
    /** {@code ${...}} naming no known variable. */
    PATTERN_UNKNOWN_VARIABLE("policy.document.pattern-unknown-variable"),
    /** {@code ${} without its closing brace, or a variable reference with an empty name. */
    PATTERN_MALFORMED_VARIABLE("policy.document.pattern-malformed-variable"),
    /** {@code ${device.group}} more than once in one pattern (it would multiply the compiled patterns). */
    PATTERN_REPEATED_GROUP_VARIABLE("policy.document.pattern-repeated-group-variable"),
    /** A client-id pattern with {@code /} or {@code #}, or with {@code +} beside other text. */
    PATTERN_INVALID_CLIENT_ID("policy.document.pattern-invalid-client-id"),
    /** A figure of {@code publishLimit} outside its range (see {@link PublishLimit}). */
    LIMIT_OUT_OF_RANGE("policy.document.limit-out-of-range");

    private final String code;

    PolicyDocumentError(String code) {
        this.code = code;
    }

    /** The stable code, for example {@code policy.document.unknown-action}. */
    public String code() {
        return code;
    }
}
