package dev.palisade.policy;

/**
 * The documented bounds on policy documents and on what a compiled policy accepts. They keep a document readable, its
 * compilation cheap and the broker's memory per session small; MQTT's own bound on topics and client ids is 65,535
 * bytes of UTF-8.
 */
public final class PolicyLimits {

    /** The largest document, in bytes of UTF-8. */
    public static final int MAX_DOCUMENT_BYTES = 65_535;
    /** Statements in one document. */
    public static final int MAX_STATEMENTS = 100;
    /** Resources in one statement. */
    public static final int MAX_RESOURCES_PER_STATEMENT = 100;
    /** Characters of a document's or a statement's description. */
    public static final int MAX_DESCRIPTION_LENGTH = 1_024;
    /** The longest topic name, topic filter, client id or pattern, in bytes of UTF-8 (MQTT's own limit). */
    public static final int MAX_TOPIC_BYTES = 65_535;
    /** Characters of an attribute's name in {@code ${device.attr.NAME}}. */
    public static final int MAX_ATTRIBUTE_NAME_LENGTH = 64;

    private PolicyLimits() {}
}
