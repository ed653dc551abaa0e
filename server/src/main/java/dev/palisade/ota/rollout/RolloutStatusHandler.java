package dev.palisade.ota.rollout;

import dev.palisade.audit.AuditEntry;
import dev.palisade.audit.AuditLog;
import dev.palisade.audit.AuditOutcome;
import dev.palisade.broker.DeviceMessageHandler;
import dev.palisade.identity.DeviceId;
import dev.palisade.ota.rollout.internal.RolloutRepository;
import dev.palisade.shared.TenantId;
import dev.palisade.storage.TenantTransactions;
import jakarta.annotation.PreDestroy;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Takes the devices' reports on {@code devices/<id>/ota/status} from the broker and records them on the device's row of
 * the rollout the report names, off the broker's thread. A failure (failed, refused, rolled-back) is audited and makes
 * the engine judge the rollout at once, so that a failing canary stops the rollout without waiting for a pass. Reports
 * that are malformed, name another rollout or release than the one the device is directed to, or come after the
 * rollout gave up on the device are dropped.
 */
@Component
class RolloutStatusHandler implements DeviceMessageHandler {

    private static final Logger log = LoggerFactory.getLogger(RolloutStatusHandler.class);
    private static final int MAX_QUEUED = 10_000;

    private final TenantTransactions transactions;
    private final RolloutRepository rollouts;
    private final RolloutEngine engine;
    private final AuditLog audit;
    private final Clock clock;
    private final ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();
    // bounds the reports waiting for a database connection; a device flooding its topic loses its own reports
    private final Semaphore queued = new Semaphore(MAX_QUEUED);

    RolloutStatusHandler(
            TenantTransactions transactions,
            RolloutRepository rollouts,
            RolloutEngine engine,
            AuditLog audit,
            Clock clock) {
        this.transactions = transactions;
        this.rollouts = rollouts;
        this.engine = engine;
        this.audit = audit;
        this.clock = clock;
    }

    @Override
    public String subtopic() {
        return "ota/status";
    }

    @Override
    public void received(TenantId tenant, DeviceId device, byte[] payload) {
        Optional<StatusReport> report = StatusReport.parse(payload);
        if (report.isEmpty()) {
            log.debug("Dropped a malformed update status from {}", device);
            return;
        }
        if (!queued.tryAcquire()) {
            log.warn("Dropped an update status from {}: too many waiting", device);
            return;
        }
        workers.execute(() -> {
            try {
                record(tenant, device, report.get());
            } catch (RuntimeException e) {
                log.warn("An update status from {} was not recorded", device, e);
            } finally {
                queued.release();
            }
        });
    }

    /** Records a report; true if it applied to the device's assignment. */
    boolean record(TenantId tenant, DeviceId device, StatusReport report) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        boolean applied = transactions.inTenant(tenant, () -> {
            boolean updated = rollouts.report(
                    tenant, report.rollout(), device, report.release(), report.state(), report.reason(), now);
            if (updated && report.state().failure()) {
                Map<String, String> details = new HashMap<>();
                details.put("device", device.value());
                details.put("release", report.release().toString());
                details.put("state", report.state().wireName());
                if (report.reason() != null) {
                    details.put("reason", report.reason());
                }
                audit.append(new AuditEntry(
                        tenant,
                        RolloutEngine.ACTOR,
                        "ota.rollout-device-failed",
                        "rollout:" + report.rollout(),
                        "rollout-" + report.rollout(),
                        AuditOutcome.FAILED,
                        details));
            }
            return updated;
        });
        if (applied && report.state().failure()) {
            engine.advance(tenant, report.rollout(), now);
        }
        return applied;
    }

    @PreDestroy
    void stop() {
        workers.shutdown();
    }
}
