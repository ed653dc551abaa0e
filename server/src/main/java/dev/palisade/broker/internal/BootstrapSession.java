package dev.palisade.broker.internal;

import dev.palisade.broker.BootstrapEnrolment;

/**
 * A session opened with a manufacturer's bootstrap certificate for the device's first contact, held to the bootstrap
 * policy. Its broker client id is {@code bootstrap/<certificate sha256>/<client id>}: outside every tenant's
 * operational sessions ({@code <tenant-uuid>/<device-id>}), so that it can take over none of them, and distinct per
 * client id, so that a device may subscribe and publish on two connections.
 *
 * @param fingerprint the SHA-256 of the bootstrap certificate (hex): answers go to the sessions holding it only
 */
record BootstrapSession(
        BootstrapEnrolment.Session identity,
        String fingerprint,
        TopicMount mount,
        SessionPolicy policy,
        String connection,
        DeviceTraffic traffic,
        PublishRate rate)
        implements MqttSession {

    static final String PREFIX = "bootstrap/";

    static String sessionId(String fingerprint, String clientId) {
        return PREFIX + fingerprint + "/" + clientId;
    }

    /** The device's enrol topic, as it names it. */
    String enrolTopic() {
        return "provisioning/" + identity.device().value() + "/enrol";
    }
}
