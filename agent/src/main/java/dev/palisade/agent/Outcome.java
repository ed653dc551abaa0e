package dev.palisade.agent;

/** What became of one publish or subscription, as the device saw it. */
public enum Outcome {
    /** The broker took it. */
    ACCEPTED,
    /** The broker refused it as not authorized. */
    REFUSED,
    /**
     * The broker refused it because the device publishes faster than its limit (MQTT 5 PUBACK 0x97, "quota
     * exceeded"): the same publish may pass later.
     */
    RATE_LIMITED,
    /** It did not get through for another reason (not connected, connection lost, timeout). */
    FAILED
}
