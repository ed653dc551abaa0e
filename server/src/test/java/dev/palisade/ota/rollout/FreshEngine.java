package dev.palisade.ota.rollout;

import dev.palisade.audit.AuditLog;
import dev.palisade.broker.EmbeddedBroker;
import dev.palisade.ota.internal.OtaRepository;
import dev.palisade.ota.rollout.internal.RolloutRepository;
import dev.palisade.storage.TenantTransactions;
import org.springframework.context.ApplicationContext;

/** A rollout engine made anew over the running server's database and broker, as a restarted server would make it. */
public final class FreshEngine {

    private FreshEngine() {}

    public static RolloutEngine over(ApplicationContext context) {
        return new RolloutEngine(
                context.getBean(TenantTransactions.class),
                context.getBean(RolloutRepository.class),
                context.getBean(OtaRepository.class),
                context.getBean(EmbeddedBroker.class),
                context.getBean(AuditLog.class),
                context.getBeanProvider(RolloutHealthCheck.class));
    }
}
