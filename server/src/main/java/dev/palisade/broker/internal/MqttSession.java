package dev.palisade.broker.internal;

/**
 * What every PUBLISH, SUBSCRIBE and delivery of a session is decided on: the tenant's topic tree it lives in, its
 * compiled policy, its traffic counters, its publish rate and the connection it is on. An operational device's session ({@link BrokerSession}) or a device's first
 * contact with its bootstrap certificate ({@link BootstrapSession}).
 */
sealed interface MqttSession permits BrokerSession, BootstrapSession {

    TopicMount mount();

    SessionPolicy policy();

    DeviceTraffic traffic();

    /** How fast the device publishes against its allowance. */
    PublishRate rate();

    /** The mark of the connection the session belongs to. */
    String connection();
}
