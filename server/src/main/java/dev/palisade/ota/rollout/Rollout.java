package dev.palisade.ota.rollout;

import dev.palisade.ota.ReleaseId;
import dev.palisade.shared.TenantId;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A rollout as stored, with its rings' progress.
 *
 * @param currentRing the ring being dispatched or baked (or the last one, once finished)
 * @param reason why it paused, aborted or rolled back, when it did
 * @param rollbackRelease the release a breached ring was directed to, after a rollback
 */
public record Rollout(
        TenantId tenant,
        RolloutId id,
        ReleaseId release,
        @Nullable String group,
        Map<String, String> attributes,
        Duration bakeTime,
        boolean approvalBetweenRings,
        @Nullable MaintenanceWindow window,
        double maxFailureRatio,
        Duration installTimeout,
        Duration markGoodDeadline,
        BreachAction onBreach,
        RolloutState state,
        @Nullable RolloutState pausedFrom,
        int currentRing,
        @Nullable String reason,
        @Nullable ReleaseId rollbackRelease,
        Instant createdAt,
        String createdBy,
        String createdByName,
        Instant updatedAt,
        List<RingProgress> rings) {

    public Rollout {
        attributes = Map.copyOf(attributes);
        rings = List.copyOf(rings);
    }

    public Rollout withRings(List<RingProgress> progress) {
        return new Rollout(
                tenant,
                id,
                release,
                group,
                attributes,
                bakeTime,
                approvalBetweenRings,
                window,
                maxFailureRatio,
                installTimeout,
                markGoodDeadline,
                onBreach,
                state,
                pausedFrom,
                currentRing,
                reason,
                rollbackRelease,
                createdAt,
                createdBy,
                createdByName,
                updatedAt,
                progress);
    }
}
