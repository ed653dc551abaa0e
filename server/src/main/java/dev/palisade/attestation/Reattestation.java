package dev.palisade.attestation;

import dev.palisade.attestation.internal.AttestationRepository;
import dev.palisade.audit.Actor;
import dev.palisade.identity.Device;
import dev.palisade.identity.DeviceId;
import dev.palisade.identity.DeviceRegistry;
import dev.palisade.identity.DeviceState;
import dev.palisade.shared.TenantId;
import dev.palisade.shared.Uuid7;
import dev.palisade.storage.TenantTransactions;
import dev.palisade.tenancy.TenantDirectory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;

/**
 * The periodic re-attestation check. In a tenant with a re-attestation interval, every active device must have passed
 * within the interval: one whose newest verdict failed, or whose newest pass (or, lacking any verdict, its last state
 * or label change, such as becoming active) is older than the interval, gets a failing {@code attestation.missed} or
 * keeps its failed verdict, and is quarantined.
 */
@Service
public class Reattestation {

    private static final Logger log = LoggerFactory.getLogger(Reattestation.class);

    private final TenantDirectory tenants;
    private final TenantTransactions transactions;
    private final AttestationRepository repository;
    private final DeviceRegistry devices;
    private final Attestation attestation;
    private final Containment containment;
    private final Clock clock;

    Reattestation(
            TenantDirectory tenants,
            TenantTransactions transactions,
            AttestationRepository repository,
            DeviceRegistry devices,
            Attestation attestation,
            Containment containment,
            Clock clock) {
        this.tenants = tenants;
        this.transactions = transactions;
        this.repository = repository;
        this.devices = devices;
        this.attestation = attestation;
        this.containment = containment;
        this.clock = clock;
    }

    @Scheduled(
            fixedDelayString = "${palisade.attestation.check-interval:PT1M}",
            initialDelayString = "${palisade.attestation.check-interval:PT1M}")
    void checkAllTenants() {
        Instant now = clock.instant();
        for (TenantId tenant : tenants.all()) {
            try {
                quarantineOverdue(tenant, now);
            } catch (RuntimeException e) {
                log.warn("Re-attestation check of tenant {} failed", tenant, e);
            }
        }
    }

    /**
     * Quarantines the tenant's active devices whose attestation failed or is overdue as of {@code now}; returns them.
     * Does nothing in a tenant without a re-attestation interval.
     */
    public List<DeviceId> quarantineOverdue(TenantId tenant, Instant now) {
        Duration interval = transactions
                .readInTenant(tenant, () -> repository.settings(tenant))
                .reattestationInterval();
        if (interval == null) {
            return List.of();
        }
        Map<DeviceId, Verdict> latest = transactions.readInTenant(tenant, () -> repository.latestVerdicts(tenant));
        List<DeviceId> failed = new ArrayList<>();
        List<DeviceId> missed = new ArrayList<>();
        devices.forEach(tenant, (Device device) -> {
            if (device.state() != DeviceState.ACTIVE) {
                return;
            }
            Verdict verdict = latest.get(device.id());
            if (verdict != null && !verdict.passed()) {
                failed.add(device.id());
            } else if ((verdict == null ? device.updatedAt() : verdict.verifiedAt())
                    .plus(interval)
                    .isBefore(now)) {
                missed.add(device.id());
            }
        });
        if (failed.isEmpty() && missed.isEmpty()) {
            return List.of();
        }
        Actor actor = Actor.system("re-attestation");
        String requestId = "re-attestation-" + now.truncatedTo(ChronoUnit.SECONDS);
        return transactions.inTenant(tenant, () -> {
            List<DeviceId> quarantined =
                    new ArrayList<>(containment.quarantine(tenant, failed, actor, requestId, "attestation failed"));
            for (DeviceId device : missed) {
                Verdict verdict = new Verdict(
                        Uuid7.next(clock),
                        tenant,
                        device,
                        clock.instant().truncatedTo(ChronoUnit.MICROS),
                        false,
                        AttestationReason.MISSED,
                        AssuranceLevel.NONE,
                        VerifierKind.SCHEDULE,
                        null,
                        "no passing attestation within " + interval);
                attestation.store(verdict, requestId, true);
                quarantined.add(device);
            }
            return quarantined;
        });
    }
}
