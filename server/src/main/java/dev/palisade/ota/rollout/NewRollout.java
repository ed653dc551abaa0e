package dev.palisade.ota.rollout;

import dev.palisade.ota.ReleaseId;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What an operator asks for when creating a rollout.
 *
 * @param group the device group targeted, or null for every device matching {@code attributes}
 * @param attributes attributes a target must carry with these values, beside {@code model} and {@code
 *     hardwareRevision}, which always must match the release's
 * @param rings cumulative percentages of the targets, rising and ending at 100 (1, 10, 50, 100)
 * @param window the daily maintenance window in each device's time zone, or null for any time
 * @param maxFailureRatio the share of a ring's devices that may fail (0 to 1) before the ring breaches
 */
public record NewRollout(
        ReleaseId release,
        @Nullable String group,
        Map<String, String> attributes,
        List<Integer> rings,
        Duration bakeTime,
        boolean approvalBetweenRings,
        @Nullable MaintenanceWindow window,
        double maxFailureRatio,
        Duration installTimeout,
        Duration markGoodDeadline,
        BreachAction onBreach) {

    /** The rings of {@code exponential}: doubling from 1 % to everyone. */
    public static final List<Integer> EXPONENTIAL = List.of(1, 2, 4, 8, 16, 32, 64, 100);

    public NewRollout {
        attributes = Map.copyOf(attributes);
        rings = List.copyOf(rings);
    }
}
