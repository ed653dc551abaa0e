package dev.palisade.agent.ota;

import dev.palisade.protocol.ota.TargetName;

/**
 * Decides whether an image booted on trial works: on a device, its services came up, it reached the broker, its
 * watchdog stayed quiet. An exception counts as unhealthy; a check still running at the trial deadline is interrupted
 * and the update rolled back.
 */
@FunctionalInterface
public interface HealthCheck {

    /** Whether {@code target}, booted from {@code slot}, may be marked good. */
    boolean healthy(Slot slot, TargetName target) throws Exception;
}
