package dev.palisade.broker.internal;

import dev.palisade.broker.ConnectedDevice;

/**
 * One live session as the extension keeps it: who, the tenant's topic tree it lives in, the decisions compiled for it
 * (replaced when the device's policies change), a mark of the connection it belongs to, and the device's traffic
 * counters and publish rate (both the device's, kept across its sessions). Every PUBLISH, SUBSCRIBE
 * and delivery of the session is decided on this, in memory.
 */
record BrokerSession(
        ConnectedDevice device,
        TopicMount mount,
        SessionPolicy policy,
        String connection,
        DeviceTraffic traffic,
        PublishRate rate)
        implements MqttSession {

    BrokerSession withPolicy(SessionPolicy replacement) {
        return new BrokerSession(device, mount, replacement, connection, traffic, rate);
    }
}
