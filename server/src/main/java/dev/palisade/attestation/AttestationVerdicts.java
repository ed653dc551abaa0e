package dev.palisade.attestation;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.palisade.attestation.internal.AttestationRepository;
import dev.palisade.identity.DeviceId;
import dev.palisade.identity.DeviceRegistry;
import dev.palisade.shared.Page;
import dev.palisade.shared.PageRequest;
import dev.palisade.shared.TenantId;
import dev.palisade.shared.Uuids;
import dev.palisade.storage.TenantTransactions;
import dev.palisade.tenancy.Caller;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.springframework.stereotype.Service;

/** Reads verdicts: a device's history for operators, and the fresh-pass check that other features gate on. */
@Service
public class AttestationVerdicts {

    private final TenantTransactions transactions;
    private final AttestationRepository repository;
    private final DeviceRegistry devices;
    private final Clock clock;
    /**
     * Each tenant's {@code certificateLifetimeFromPass}, asked at every device certificate's issuance: read once, not
     * in a transaction of its own per certificate. A change on this node forgets it at once; another node sees it
     * within the expiry.
     */
    private final Cache<TenantId, Optional<Duration>> certificateCaps = Caffeine.newBuilder()
            .maximumSize(10_000)
            .expireAfterWrite(Duration.ofSeconds(30))
            .build();

    AttestationVerdicts(
            TenantTransactions transactions, AttestationRepository repository, DeviceRegistry devices, Clock clock) {
        this.transactions = transactions;
        this.repository = repository;
        this.devices = devices;
        this.clock = clock;
    }

    /**
     * Whether the device passed attestation, at any assurance level, within {@code maxAge} of now. For the
     * registration policy, EST re-enrolment and certificate lifetimes capped by attestation freshness.
     */
    public boolean freshPass(TenantId tenant, DeviceId device, Duration maxAge) {
        return freshPass(tenant, device, maxAge, AssuranceLevel.SIGNED_BOOT_LOG);
    }

    /** Whether the device passed at {@code minimum} assurance or above within {@code maxAge} of now. */
    public boolean freshPass(TenantId tenant, DeviceId device, Duration maxAge, AssuranceLevel minimum) {
        return latestPass(tenant, device, maxAge, minimum).isPresent();
    }

    /** The newest passing verdict within {@code maxAge} at {@code minimum} assurance or above. */
    public Optional<Verdict> latestPass(TenantId tenant, DeviceId device, Duration maxAge, AssuranceLevel minimum) {
        if (maxAge.isNegative()) {
            throw new IllegalArgumentException("a maximum age is not negative");
        }
        return transactions.readInTenant(
                tenant,
                () -> repository.latestPass(tenant, device, clock.instant().minus(maxAge), minimum));
    }

    /**
     * Whether the tenant lets {@code device} re-enrol now: always, unless its settings require a passing verdict
     * within a window, and then only with one. A device whose software can no longer be shown to be good gets no new
     * certificate, and its current one runs out.
     */
    public boolean mayReenrol(TenantId tenant, DeviceId device) {
        Duration window = transactions
                .readInTenant(tenant, () -> repository.settings(tenant))
                .reenrolmentRequiresPassWithin();
        return window == null || freshPass(tenant, device, window);
    }

    /**
     * The latest end a new certificate of {@code device} may have, when the tenant caps certificates by attestation:
     * its latest pass (at any assurance) plus the tenant's {@code certificateLifetimeFromPass}. Empty when the tenant
     * sets no cap. A device that never passed, or passed long ago, gets a deadline in the past: the caller gives it
     * the shortest lifetime it issues, and the device must attest to be trusted longer.
     */
    public Optional<Instant> certificateDeadline(TenantId tenant, DeviceId device) {
        Optional<Duration> configured = certificateCaps.get(
                tenant,
                scope -> Optional.ofNullable(transactions
                        .readInTenant(scope, () -> repository.settings(scope))
                        .certificateLifetimeFromPass()));
        if (configured.isEmpty()) {
            return Optional.empty();
        }
        Duration cap = configured.get();
        return transactions.readInTenant(tenant, () -> {
            Instant now = clock.instant();
            return Optional.of(repository
                    .latestPass(tenant, device, now.minus(cap), AssuranceLevel.SIGNED_BOOT_LOG)
                    .map(pass -> pass.verifiedAt().plus(cap))
                    .orElse(now));
        });
    }

    /** Forgets what it read of {@code tenant}'s settings, after they changed. */
    void settingsChanged(TenantId tenant) {
        certificateCaps.invalidate(tenant);
    }

    /** The device's newest verdict, passing or not. */
    public Optional<Verdict> latest(TenantId tenant, DeviceId device) {
        return transactions.readInTenant(tenant, () -> repository.latestVerdict(tenant, device));
    }

    /** The device's verdicts, newest first. */
    public Page<Verdict> list(Caller caller, DeviceId device, PageRequest page) {
        devices.get(caller, device);
        String after = page.after();
        return transactions.readInTenant(
                caller.tenant(),
                () -> Page.fromOverfetch(
                        repository.verdicts(
                                caller.tenant(), device, after == null ? null : Uuids.parse(after), page.limit() + 1),
                        page.limit(),
                        verdict -> verdict.id().toString()));
    }
}
