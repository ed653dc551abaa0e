package dev.palisade.ota.rollout;

import dev.palisade.shared.TenantId;
import dev.palisade.tenancy.TenantDirectory;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Runs a pass of the {@link RolloutEngine} over every tenant every {@code palisade.ota.rollouts.pass-interval}. It
 * holds no state: what a pass needs is in the database, so the first pass after a restart continues where the last
 * one before it stopped, and passes on several nodes share the work (each claims rollouts with {@code skip locked}).
 */
@Component
class RolloutScheduler {

    private static final Logger log = LoggerFactory.getLogger(RolloutScheduler.class);

    private final TenantDirectory tenants;
    private final RolloutEngine engine;
    private final Clock clock;

    RolloutScheduler(TenantDirectory tenants, RolloutEngine engine, Clock clock) {
        this.tenants = tenants;
        this.engine = engine;
        this.clock = clock;
    }

    @Scheduled(
            fixedDelayString = "${palisade.ota.rollouts.pass-interval:PT2S}",
            initialDelayString = "${palisade.ota.rollouts.pass-interval:PT2S}")
    void pass() {
        for (TenantId tenant : tenants.all()) {
            try {
                int offered = engine.advance(tenant, clock.instant());
                if (offered > 0) {
                    log.info("Offered an update to {} devices of tenant {}", offered, tenant);
                }
            } catch (RuntimeException e) {
                // one tenant's failure must not stop the others' rollouts
                log.warn("A rollout pass over tenant {} failed", tenant, e);
            }
        }
    }
}
