package dev.palisade.agent.ota;

import dev.palisade.agent.Outcome;
import dev.palisade.protocol.ota.UpdateStatus;
import java.util.concurrent.CompletableFuture;

/**
 * Publishes each update status on {@code devices/<id>/ota/status} through the device's MQTT session ({@code
 * DeviceAgent::publish}). Publishing is asynchronous and at QoS 1; a status that cannot go out (the session is down) is
 * dropped, as telemetry is: the next one carries the current state.
 */
public final class MqttStatusReporter implements UpdateListener {

    /** Publishes {@code payload} on {@code topic}: {@code DeviceAgent::publish}. */
    @FunctionalInterface
    public interface Publisher {
        CompletableFuture<Outcome> publish(String topic, byte[] payload);
    }

    private final String topic;
    private final Publisher publisher;

    public MqttStatusReporter(String deviceId, Publisher publisher) {
        this.topic = UpdateStatus.topic(deviceId);
        this.publisher = publisher;
    }

    @Override
    public void reported(UpdateStatus status) {
        publisher.publish(topic, status.toBytes());
    }
}
