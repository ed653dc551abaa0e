package dev.palisade.broker;

import dev.palisade.identity.DeviceId;
import dev.palisade.shared.TenantId;
import java.time.Duration;
import java.time.Instant;

/**
 * A device published faster than its limit: reported once when an episode of excess begins ({@link Stage#STARTED}),
 * and again each time the broker closes its session for keeping it up ({@link Stage#DISCONNECTED}), never per message.
 * Audited ({@code device.publish-rate.exceeded}, {@code device.publish-rate.disconnected}) and published as a domain
 * event in the same transaction, for detection and response to act on.
 *
 * @param messagesPerSecond the limit the device was held to
 * @param burst the bucket's depth
 * @param bytesPerSecond the byte allowance
 * @param refused publishes refused in the episode so far
 * @param over how long the device had been over its limit without a pause
 * @param heldOff how long its reconnects are refused after a disconnection (zero when it started, or when there is no
 *     hold-off)
 */
public record PublishRateExceeded(
        TenantId tenant,
        DeviceId device,
        Stage stage,
        Instant at,
        double messagesPerSecond,
        int burst,
        long bytesPerSecond,
        long refused,
        Duration over,
        Duration heldOff) {

    /** Where in the episode. */
    public enum Stage {
        STARTED,
        DISCONNECTED
    }
}
