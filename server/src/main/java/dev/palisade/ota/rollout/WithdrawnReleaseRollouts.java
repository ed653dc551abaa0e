package dev.palisade.ota.rollout;

import dev.palisade.audit.AuditEntry;
import dev.palisade.audit.AuditLog;
import dev.palisade.ota.ReleaseWithdrawn;
import dev.palisade.ota.rollout.internal.RolloutRepository;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Aborts the unfinished rollouts of a release that is withdrawn, in the withdrawing transaction: devices not yet
 * offered it are cancelled, and no further ring starts. Devices that already installed it keep it until a newer
 * release reaches them; their updaters no longer find its target once they refresh their TUF metadata.
 */
@Component
class WithdrawnReleaseRollouts {

    private final RolloutRepository rollouts;
    private final AuditLog audit;
    private final Clock clock;

    WithdrawnReleaseRollouts(RolloutRepository rollouts, AuditLog audit, Clock clock) {
        this.rollouts = rollouts;
        this.audit = audit;
        this.clock = clock;
    }

    @EventListener
    void on(ReleaseWithdrawn withdrawn) {
        Instant now = clock.instant();
        for (Rollout rollout : rollouts.unfinishedOf(withdrawn.tenant(), withdrawn.release())) {
            if (!rollouts.lock(withdrawn.tenant(), rollout.id())) {
                continue;
            }
            int cancelled = rollouts.cancelPending(withdrawn.tenant(), rollout.id(), 0, now);
            rollouts.update(
                    withdrawn.tenant(),
                    rollout.id(),
                    RolloutState.ABORTED,
                    null,
                    rollout.currentRing(),
                    "release withdrawn: " + withdrawn.reason(),
                    rollout.rollbackRelease(),
                    now);
            audit.append(AuditEntry.succeeded(
                            withdrawn.tenant(),
                            RolloutEngine.ACTOR,
                            "ota.rollout-aborted",
                            "rollout:" + rollout.id(),
                            "rollout-" + rollout.id())
                    .withDetails(Map.of(
                            "cancelled",
                            String.valueOf(cancelled),
                            "reason",
                            "release withdrawn: " + withdrawn.reason())));
        }
    }
}
