package dev.palisade.agent;

/** What became of one publish or subscription, as the device saw it. */
public enum Outcome {
    /** The broker took it. */
    ACCEPTED,
    /** The broker refused it as not authorized. */
    REFUSED,
    /** It did not get through for another reason (not connected, connection lost, timeout). */
    FAILED
}
