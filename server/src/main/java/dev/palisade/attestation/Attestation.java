package dev.palisade.attestation;

import dev.palisade.attestation.internal.AttestationRepository;
import dev.palisade.attestation.internal.ExpiringTokens;
import dev.palisade.audit.AuditEntry;
import dev.palisade.audit.AuditLog;
import dev.palisade.audit.AuditOutcome;
import dev.palisade.identity.Device;
import dev.palisade.identity.DeviceId;
import dev.palisade.identity.DeviceRegistry;
import dev.palisade.shared.TenantId;
import dev.palisade.shared.Uuid7;
import dev.palisade.shared.problem.ConflictException;
import dev.palisade.storage.TenantTransactions;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;

/**
 * The evidence-to-verdict path: issues nonces, hands evidence to its verifier, and records the verdict with its audit
 * record and event (and a quarantine, if the tenant asks for one on failure) in one transaction. Refused evidence
 * changes nothing and is audited on its own.
 *
 * <p>Nonces live in memory only: single-use, short-lived, and forgotten on restart, which fails closed (the device
 * asks for a new one). On several nodes a device must return its evidence to the node that issued the nonce.
 */
@Service
public class Attestation {

    /** A nonce for one piece of evidence, and until when it may be used. */
    public record Nonce(byte[] value, Instant expiresAt) {

        public String hex() {
            return HexFormat.of().formatHex(value);
        }
    }

    private record Owner(TenantId tenant, DeviceId device) {}

    private static final int NONCE_BYTES = 32;
    private static final List<Integer> DEFAULT_QUOTE_PCRS = List.of(0, 1, 2, 3, 4, 5, 6, 7);

    private final TenantTransactions transactions;
    private final AttestationRepository repository;
    private final DeviceRegistry devices;
    private final TpmQuoteVerifier quotes;
    private final BootLogVerifier bootLogs;
    private final Containment containment;
    private final Refusals refusals;
    private final AuditLog audit;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final ExpiringTokens<Owner, Boolean> nonces;

    Attestation(
            TenantTransactions transactions,
            AttestationRepository repository,
            DeviceRegistry devices,
            TpmQuoteVerifier quotes,
            BootLogVerifier bootLogs,
            Containment containment,
            Refusals refusals,
            AuditLog audit,
            ApplicationEventPublisher events,
            Clock clock,
            AttestationProperties properties) {
        this.transactions = transactions;
        this.repository = repository;
        this.devices = devices;
        this.quotes = quotes;
        this.bootLogs = bootLogs;
        this.containment = containment;
        this.refusals = refusals;
        this.audit = audit;
        this.events = events;
        this.clock = clock;
        this.nonces = new ExpiringTokens<>(clock, properties.nonceLifetime(), properties.maxOutstanding());
    }

    /** A fresh nonce for the device's next quote or boot log. */
    public Nonce nonce(TenantId tenant, DeviceId device) {
        byte[] value = new byte[NONCE_BYTES];
        random.nextBytes(value);
        try {
            Instant expiresAt = nonces.issue(HexFormat.of().formatHex(value), new Owner(tenant, device), Boolean.TRUE);
            return new Nonce(value, expiresAt);
        } catch (IllegalStateException full) {
            throw new ConflictException("attestation.nonce.busy", "too many nonces outstanding; try again shortly");
        }
    }

    /**
     * The PCRs the device's next quote should cover, by bank: every PCR that a release of its model names, so that a
     * quote over them can match any release. A device without a model, or whose model has no PCR reference values,
     * is asked for the firmware and boot-loader PCRs 0 to 7 of the sha256 bank (TCG PC Client profile): its verdict
     * fails for want of reference values, but the values it quoted are on record for whoever sets them.
     */
    public SortedMap<String, SortedSet<Integer>> quoteSelection(TenantId tenant, DeviceId device) {
        @Nullable
        String model = devices.find(tenant, device)
                .map(registered -> registered.attributes().get("model"))
                .orElse(null);
        List<ReferenceValues> releases = model == null
                ? List.of()
                : transactions.readInTenant(tenant, () -> repository.references(tenant, model));
        SortedMap<String, SortedSet<Integer>> selection = new TreeMap<>();
        for (ReferenceValues release : releases) {
            release.pcrs().forEach((bank, values) -> {
                if (!values.isEmpty()) {
                    selection.computeIfAbsent(bank, b -> new TreeSet<>()).addAll(values.keySet());
                }
            });
        }
        if (selection.isEmpty()) {
            selection.put("sha256", new TreeSet<>(DEFAULT_QUOTE_PCRS));
        }
        return selection;
    }

    @Scheduled(fixedDelayString = "PT1M", initialDelayString = "PT1M")
    void forgetOldNonces() {
        nonces.forgetOld();
    }

    /**
     * Verifies {@code evidence} of the device and records the verdict.
     *
     * @return the verdict, passing or failing
     * @throws dev.palisade.shared.problem.PalisadeException when the evidence is refused (malformed, nonce unknown,
     *     replayed or expired, not signed by the device's keys): nothing is recorded but an audit record
     */
    public Verdict attest(TenantId tenant, DeviceId device, Evidence evidence, String requestId) {
        EvidenceVerifier<?> verifier = evidence instanceof Evidence.TpmQuote ? quotes : bootLogs;
        try {
            Device registered = devices.find(tenant, device)
                    .orElseThrow(() -> new AttestationRefusedException(
                            AttestationReason.DEVICE_UNKNOWN, "no device '" + device + "' is registered"));
            byte[] nonce = switch (evidence) {
                case Evidence.TpmQuote quote -> quote.nonce();
                case Evidence.SignedBootLog log -> BootLogVerifier.nonceOf(log.log());
            };
            consume(tenant, device, nonce);
            AttestationSettings settings = transactions.readInTenant(tenant, () -> repository.settings(tenant));
            String model = registered.attributes().get("model");
            var subject = transactions.readInTenant(
                    tenant,
                    () -> new EvidenceVerifier.Subject(
                            registered,
                            nonce,
                            model == null ? List.of() : repository.references(tenant, model),
                            repository.boundKey(tenant, device)));
            Assessment assessment = switch (evidence) {
                case Evidence.TpmQuote quote -> quotes.assess(subject, quote);
                case Evidence.SignedBootLog log ->
                    settings.acceptBootLogs()
                            ? bootLogs.assess(subject, log)
                            : new Assessment.Fail(
                                    AttestationReason.BOOT_LOG_NOT_ACCEPTED,
                                    null,
                                    "the tenant accepts only TPM quotes");
            };
            return record(tenant, device, verifier, assessment, settings, requestId);
        } catch (AttestationRefusedException refusal) {
            throw refusals.refuse(tenant, device, verifier.kind().wireName(), requestId, refusal);
        }
    }

    private void consume(TenantId tenant, DeviceId device, byte[] nonce) {
        ExpiringTokens.Use<Boolean> use = nonces.consume(HexFormat.of().formatHex(nonce), new Owner(tenant, device));
        switch (use.state()) {
            case FRESH -> {}
            case UNKNOWN ->
                throw new AttestationRefusedException(
                        AttestationReason.NONCE_UNKNOWN, "this nonce was not issued to this device, or is forgotten");
            case REPLAYED ->
                throw new AttestationRefusedException(AttestationReason.NONCE_REPLAYED, "this nonce was used already");
            case EXPIRED ->
                throw new AttestationRefusedException(AttestationReason.NONCE_EXPIRED, "this nonce has expired");
        }
    }

    private Verdict record(
            TenantId tenant,
            DeviceId device,
            EvidenceVerifier<?> verifier,
            Assessment assessment,
            AttestationSettings settings,
            String requestId) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        Verdict verdict = switch (assessment) {
            case Assessment.Pass pass ->
                new Verdict(
                        Uuid7.next(clock),
                        tenant,
                        device,
                        now,
                        true,
                        AttestationReason.PASSED,
                        pass.assurance(),
                        verifier.kind(),
                        pass.release(),
                        pass.detail());
            case Assessment.Fail fail ->
                new Verdict(
                        Uuid7.next(clock),
                        tenant,
                        device,
                        now,
                        false,
                        fail.reason(),
                        AssuranceLevel.NONE,
                        verifier.kind(),
                        fail.release(),
                        fail.detail());
        };
        return transactions.inTenant(tenant, () -> {
            store(verdict, requestId, settings.quarantineOnFailure());
            return verdict;
        });
    }

    /**
     * Stores a verdict with its audit record and event, within the caller's transaction; a failure quarantines the
     * device when {@code quarantine} says so.
     */
    void store(Verdict verdict, String requestId, boolean quarantine) {
        TenantId tenant = verdict.tenant();
        repository.insertVerdict(verdict);
        Map<String, String> details = new HashMap<>();
        details.put("verdict", verdict.id().toString());
        details.put("reason", verdict.reason().code());
        details.put("verifier", verdict.verifier().wireName());
        details.put("assurance", verdict.assurance().wireName());
        details.put("detail", verdict.detail().length() > 900 ? verdict.detail().substring(0, 900) : verdict.detail());
        if (verdict.release() != null) {
            details.put("release", verdict.release());
        }
        var actor = verdict.verifier() == VerifierKind.SCHEDULE
                ? dev.palisade.audit.Actor.system("re-attestation")
                : Refusals.device(verdict.device());
        audit.append(new AuditEntry(
                tenant,
                actor,
                verdict.passed() ? "attestation.passed" : "attestation.failed",
                "device:" + verdict.device(),
                requestId,
                AuditOutcome.SUCCEEDED,
                details));
        if (verdict.passed()) {
            events.publishEvent(new AttestationPassed(
                    tenant,
                    verdict.device(),
                    verdict.id(),
                    verdict.assurance(),
                    java.util.Objects.requireNonNull(verdict.release()),
                    verdict.verifiedAt()));
            return;
        }
        boolean quarantined = quarantine
                && !containment
                        .quarantine(
                                tenant,
                                List.of(verdict.device()),
                                actor,
                                requestId,
                                "attestation failed: " + verdict.reason().code())
                        .isEmpty();
        events.publishEvent(new AttestationFailed(
                tenant,
                verdict.device(),
                verdict.id(),
                verdict.reason().code(),
                verdict.verifier(),
                quarantined,
                verdict.verifiedAt()));
    }
}
