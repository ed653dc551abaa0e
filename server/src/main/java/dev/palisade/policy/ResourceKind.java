package dev.palisade.policy;

/**
 * What a statement's resources name, which follows from its actions: MQTT topic patterns for the message actions,
 * client-id patterns for {@code connect}. One statement names one kind.
 */
public enum ResourceKind {
    /** MQTT topic patterns: levels split by {@code /}, {@code +} for one level, {@code #} for the rest (last only). */
    TOPIC,
    /** A client id: a single level, either {@code +} (any client id) or text with variables. */
    CLIENT_ID
}
