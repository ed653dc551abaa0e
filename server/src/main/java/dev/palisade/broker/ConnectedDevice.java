package dev.palisade.broker;

import dev.palisade.pki.AuthenticatedDevice;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A device with a live MQTT session: who it is, with which certificate, since when and from where.
 *
 * @param address the client's IP address, or null when the broker does not know it
 */
public record ConnectedDevice(
        AuthenticatedDevice identity,
        Instant since,
        @Nullable String address) {}
