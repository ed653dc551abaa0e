package dev.palisade.broker;

/** What became of a command Palisade sent to a device's live session. */
public enum CommandDelivery {
    /** The device acknowledged it (PUBACK at QoS 1). */
    ACKNOWLEDGED,
    /** Handed to the connection at QoS 0 (the device subscribed so): no acknowledgement can come. */
    SENT,
    /** Published, but the device did not acknowledge it in time. */
    UNACKNOWLEDGED,
    /** The device is connected but subscribes to no filter that covers the command's topic. */
    NOT_SUBSCRIBED,
    /** The device has no live session: nothing was sent. */
    NOT_CONNECTED;

    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }

    /** Whether the command reached the device's connection. */
    public boolean reached() {
        return this == ACKNOWLEDGED || this == SENT;
    }
}
