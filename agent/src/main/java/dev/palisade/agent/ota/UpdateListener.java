package dev.palisade.agent.ota;

import dev.palisade.protocol.ota.UpdateStatus;

/**
 * Hears each state a directed update reaches, to report it ({@link MqttStatusReporter} publishes it on {@code
 * devices/<id>/ota/status}). Called on the updater's thread; a listener that throws does not stop the update.
 */
@FunctionalInterface
public interface UpdateListener {

    void reported(UpdateStatus status);
}
