package dev.palisade.ota.rollout;

import java.time.Instant;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One ring of a rollout and how its devices stand.
 *
 * @param percent the cumulative share of the targets once this ring is done
 * @param counts devices per {@link DeviceUpdateState} wire name, only states with devices
 * @param bytesServed what the device endpoint served the ring's devices of the rollout's image, whole or as deltas
 * @param settledAt when every device of the ring had settled, which starts the bake time
 */
public record RingProgress(
        int ring,
        int percent,
        int devices,
        Map<String, Integer> counts,
        long bytesServed,
        @Nullable Instant startedAt,
        @Nullable Instant settledAt,
        @Nullable String approvedBy,
        @Nullable Instant approvedAt) {

    public RingProgress {
        counts = Map.copyOf(counts);
    }
}
