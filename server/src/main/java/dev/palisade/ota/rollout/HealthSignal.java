package dev.palisade.ota.rollout;

import dev.palisade.identity.DeviceId;

/**
 * Something a {@link RolloutHealthCheck} observed about a device of a ring: a breach stops the ring as a failed device
 * does, whatever the failure ratio.
 *
 * @param source who raised it, such as {@code detection} or {@code attestation}
 */
public record HealthSignal(DeviceId device, String source, String detail) {}
