package dev.palisade.ota.rollout;

import dev.palisade.shared.TenantId;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * A source of health signals about devices that took an update (detection alerts, failed attestations, crash
 * telemetry): features above OTA implement it as a bean. Every pass over a running ring asks each check about the
 * ring's devices already offered the update; any signal breaches the ring.
 */
public interface RolloutHealthCheck {

    /** Signals about {@code devices} since {@code since}; empty when all is well. Must not block for long. */
    List<HealthSignal> signals(
            TenantId tenant, RolloutId rollout, Set<dev.palisade.identity.DeviceId> devices, Instant since);
}
