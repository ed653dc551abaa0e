package dev.palisade.broker;

import dev.palisade.identity.DeviceId;
import dev.palisade.shared.TenantId;

/**
 * How a feature above the broker takes messages that devices publish on one topic of their own tree, without the
 * broker knowing the feature: a bean implementing this is handed every PUBLISH to {@code devices/<id>/<subtopic>}
 * that the device's policy allowed, from the device whose own topic it is. A message to another device's topic is
 * never handed over, whatever a policy allows.
 *
 * <p>Called on the broker's thread, in memory, before the message is routed: implementations must return at once
 * (hand the work to a queue of their own) and must not throw; whatever they do, the message is delivered as usual.
 */
public interface DeviceMessageHandler {

    /** The topic below {@code devices/<id>/} this handler takes, such as {@code ota/status}; no wildcards. */
    String subtopic();

    /** A message the device published to its own {@link #subtopic()}. */
    void received(TenantId tenant, DeviceId device, byte[] payload);
}
