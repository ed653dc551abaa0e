package dev.palisade.protocol.session;

/**
 * What the broker tells a device about its session beyond MQTT's reason codes, so that the device can act on it rather
 * than guess: a "not authorized" alone cannot tell a quarantined device from one that published on a wrong topic.
 *
 * <ul>
 *   <li>CONNACK of a quarantined device: the user property {@value #SESSION_PROPERTY} = {@value #QUARANTINED};
 *   <li>PUBACK or SUBACK refusing a quarantined device: reason code 0x87 "not authorized" with the reason string
 *       {@value #QUARANTINED}.
 * </ul>
 *
 * A quarantined device may use only its remediation topics ({@code devices/<id>/remediation/...}); a well-behaved
 * one stops its telemetry and checks back later instead of being refused message after message.
 */
public final class SessionSignals {

    /** The CONNACK user property that names the session's standing. */
    public static final String SESSION_PROPERTY = "palisade-session";

    /** The standing of a quarantined device, and the reason string of what it is refused. */
    public static final String QUARANTINED = "quarantined";

    private SessionSignals() {}
}
