package dev.palisade.provisioning;

/** How a device's first contact reached Palisade; named in every audit record of the decision. */
public enum EnrolmentChannel {
    /** EST {@code simpleenroll} on the device endpoint (HTTPS). */
    EST("est"),
    /** A request on the device's provisioning topic over the MQTT broker. */
    MQTT("mqtt");

    private final String wireName;

    EnrolmentChannel(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }
}
