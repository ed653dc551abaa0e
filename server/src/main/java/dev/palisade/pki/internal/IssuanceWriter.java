package dev.palisade.pki.internal;

import dev.palisade.audit.Actor;
import dev.palisade.audit.AuditEntry;
import dev.palisade.audit.AuditLog;
import dev.palisade.identity.DeviceId;
import dev.palisade.identity.DeviceRegistry;
import dev.palisade.identity.DeviceState;
import dev.palisade.pki.CertificateIssued;
import dev.palisade.pki.IssuedCertificate;
import dev.palisade.pki.x509.CertificateProfile;
import dev.palisade.shared.TenantId;
import dev.palisade.shared.problem.ConflictException;
import dev.palisade.shared.problem.NotFoundException;
import dev.palisade.storage.TenantTransactions;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Records issued certificates durably, in batches. Callers sign their certificates concurrently and hand them here;
 * one writer thread takes whatever has queued up and records it in a single transaction (key bindings, certificate
 * rows, audit records with one signed checkpoint, events), then answers every caller. A commit, with its disk flush
 * and its checkpoint signature, is paid once per batch instead of once per certificate; under light load a batch is a
 * single certificate and nothing waits. A caller returns only after its certificate is committed.
 */
@Component
public class IssuanceWriter implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(IssuanceWriter.class);
    private static final int MAX_BATCH = 512;
    private static final int QUEUE_CAPACITY = 20_000;

    private final TenantTransactions transactions;
    private final TransactionTemplate transaction;
    private final DeviceKeyRepository keys;
    private final CertificateRepository certificates;
    private final DeviceRegistry devices;
    private final AuditLog audit;
    private final ApplicationEventPublisher events;
    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>(QUEUE_CAPACITY);
    private volatile boolean running;
    private Thread worker = new Thread(() -> {});

    IssuanceWriter(
            TenantTransactions transactions,
            PlatformTransactionManager transactionManager,
            DeviceKeyRepository keys,
            CertificateRepository certificates,
            DeviceRegistry devices,
            AuditLog audit,
            ApplicationEventPublisher events) {
        this.transactions = transactions;
        this.transaction = new TransactionTemplate(transactionManager);
        this.keys = keys;
        this.certificates = certificates;
        this.devices = devices;
        this.audit = audit;
        this.events = events;
    }

    /**
     * Records {@code certificate} and returns once it is committed. The device's state is checked under a lock in
     * the recording transaction, so that a device decommissioned meanwhile gets nothing; a provisioned device's first
     * device certificate makes it active.
     *
     * @throws ConflictException when the certificate's key is bound to another device or the device is decommissioned
     *     (nothing is recorded)
     * @throws NotFoundException when the device is not registered (nothing is recorded)
     */
    public void write(IssuedCertificate certificate, Actor actor, String requestId) {
        var pending = new Pending(certificate, actor, requestId, new CompletableFuture<>());
        if (TransactionSynchronizationManager.isActualTransactionActive()) {
            // the caller's transaction records more (an idempotent request's stored response): join it, so both
            // commit together, rather than commit the certificate on the writer's connection ahead of it
            RuntimeException refusal = recordWithin(List.of(pending)).get(pending);
            if (refusal != null) {
                throw refusal;
            }
            return;
        }
        try {
            if (!running || !queue.offer(pending, 10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("certificate issuance is not accepting work (stopping or overloaded)");
            }
            pending.done().join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while recording a certificate", e);
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }

    /**
     * Records device certificates in the caller's transaction, as {@link #write} does each, with one statement per
     * table for all; returns the refusals (conflicts, unknown devices) by the index of their certificate. A refused
     * certificate leaves nothing behind; the others are recorded.
     */
    public Map<Integer, RuntimeException> writeAllWithin(
            List<IssuedCertificate> certificates, List<Actor> actors, List<String> requestIds) {
        if (!TransactionSynchronizationManager.isActualTransactionActive()) {
            throw new IllegalStateException("certificates are recorded with others within a transaction");
        }
        List<Pending> batch = new ArrayList<>(certificates.size());
        for (int i = 0; i < certificates.size(); i++) {
            batch.add(new Pending(certificates.get(i), actors.get(i), requestIds.get(i), new CompletableFuture<>()));
        }
        Map<Pending, RuntimeException> refused = recordWithin(batch);
        Map<Integer, RuntimeException> byIndex = new java.util.TreeMap<>();
        for (int i = 0; i < batch.size(); i++) {
            RuntimeException refusal = refused.get(batch.get(i));
            if (refusal != null) {
                byIndex.put(i, refusal);
            }
        }
        return byIndex;
    }

    /** Records a certificate that names no device (server, OCSP signer) in a transaction of its own. */
    public void writeServer(IssuedCertificate certificate, Actor actor, String requestId) {
        transactions.inTenant(certificate.tenant(), () -> {
            certificates.insert(certificate);
            audit.append(AuditEntry.succeeded(
                            certificate.tenant(),
                            actor,
                            "certificate.issued",
                            "certificate:" + certificate.issuer() + "/" + certificate.serialHex(),
                            requestId)
                    .withDetails(Map.of(
                            "profile",
                            profileName(certificate),
                            "subject",
                            certificate.certificate().getSubjectX500Principal().getName())));
        });
    }

    private void run() {
        List<Pending> batch = new ArrayList<>(MAX_BATCH);
        while (running || !queue.isEmpty()) {
            try {
                Pending first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, MAX_BATCH - 1);
                long started = System.nanoTime();
                record(batch);
                log.debug("Recorded {} certificate(s) in {} µs", batch.size(), (System.nanoTime() - started) / 1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } finally {
                batch.clear();
            }
        }
    }

    /**
     * One transaction for the batch; a certificate refused (its key belongs elsewhere, its device is gone) is refused
     * alone. If the transaction fails as a whole, each certificate is tried again in a transaction of its own, so that
     * one bad certificate cannot take the others with it.
     */
    private void record(List<Pending> batch) {
        Map<Pending, RuntimeException> refusals;
        try {
            refusals = Objects.requireNonNull(transaction.execute(status -> recordWithin(batch)));
        } catch (RuntimeException failure) {
            if (batch.size() > 1) {
                log.warn("Recording a batch of {} certificates failed; recording them one by one", batch.size());
                batch.forEach(pending -> record(List.of(pending)));
                return;
            }
            log.error("Recording a certificate failed; it was not issued", failure);
            batch.getFirst().done().completeExceptionally(failure);
            return;
        }
        for (Pending pending : batch) {
            RuntimeException refusal = refusals.get(pending);
            if (refusal != null) {
                pending.done().completeExceptionally(refusal);
            } else {
                pending.done().complete(null);
            }
        }
    }

    /** Records the batch in the current transaction, tenant by tenant; returns the refused certificates' reasons. */
    private Map<Pending, RuntimeException> recordWithin(List<Pending> batch) {
        Map<TenantId, List<Pending>> byTenant = new LinkedHashMap<>();
        for (Pending pending : batch) {
            byTenant.computeIfAbsent(pending.certificate().tenant(), tenant -> new ArrayList<>())
                    .add(pending);
        }
        Map<Pending, RuntimeException> refusals = new IdentityHashMap<>();
        byTenant.forEach(
                (tenant, ofTenant) -> transactions.inTenant(tenant, () -> recordOfTenant(tenant, ofTenant, refusals)));
        return refusals;
    }

    private void recordOfTenant(TenantId tenant, List<Pending> batch, Map<Pending, RuntimeException> refusals) {
        Map<DeviceId, DeviceState> states = devices.lockStates(
                tenant, batch.stream().map(IssuanceWriter::deviceOf).distinct().toList());
        List<Pending> candidates = new ArrayList<>(batch.size());
        for (Pending pending : batch) {
            DeviceId device = deviceOf(pending);
            DeviceState state = states.get(device);
            if (state == null) {
                refusals.put(pending, new NotFoundException("identity.device.not-found", "no device '" + device + "'"));
            } else if (state == DeviceState.DECOMMISSIONED) {
                refusals.put(
                        pending,
                        new ConflictException(
                                "pki.device.decommissioned", "device '" + device + "' is decommissioned"));
            } else {
                candidates.add(pending);
            }
        }
        if (candidates.isEmpty()) {
            return;
        }
        Set<Integer> keyTaken = keys.bindAll(
                tenant,
                candidates.stream()
                        .map(pending -> new DeviceKeyRepository.Binding(
                                pending.certificate().publicKeySha256(),
                                deviceOf(pending),
                                pending.certificate().issuedAt()))
                        .toList());
        List<Pending> accepted = new ArrayList<>(candidates.size());
        for (int i = 0; i < candidates.size(); i++) {
            if (keyTaken.contains(i)) {
                refusals.put(candidates.get(i), keyInUse());
            } else {
                accepted.add(candidates.get(i));
            }
        }
        if (accepted.isEmpty()) {
            return;
        }
        certificates.insertAll(accepted.stream().map(Pending::certificate).toList());
        audit.appendAll(
                tenant, accepted.stream().map(IssuanceWriter::auditEntry).toList());
        List<DeviceRegistry.StateChange> activations = new ArrayList<>();
        Set<DeviceId> activated = new HashSet<>();
        for (Pending pending : accepted) {
            IssuedCertificate certificate = pending.certificate();
            DeviceId device = deviceOf(pending);
            events.publishEvent(new CertificateIssued(
                    tenant,
                    certificate.issuer(),
                    certificate.serialHex(),
                    device.value(),
                    profileName(certificate),
                    keyHash(certificate),
                    certificate.certificate().getNotAfter().toInstant()));
            if (certificate.profile() == CertificateProfile.DEVICE
                    && states.get(device) == DeviceState.PROVISIONED
                    && activated.add(device)) {
                activations.add(new DeviceRegistry.StateChange(
                        device,
                        DeviceState.PROVISIONED,
                        DeviceState.ACTIVE,
                        pending.actor(),
                        pending.requestId(),
                        "first device certificate"));
            }
        }
        devices.moveAll(tenant, activations);
    }

    private static AuditEntry auditEntry(Pending pending) {
        IssuedCertificate certificate = pending.certificate();
        return AuditEntry.succeeded(
                        certificate.tenant(),
                        pending.actor(),
                        "certificate.issued",
                        "certificate:" + certificate.issuer() + "/" + certificate.serialHex(),
                        pending.requestId())
                .withDetails(Map.of(
                        "device", deviceOf(pending).value(),
                        "profile", profileName(certificate),
                        "notAfter",
                                certificate
                                        .certificate()
                                        .getNotAfter()
                                        .toInstant()
                                        .toString(),
                        "publicKeySha256", keyHash(certificate)));
    }

    private static DeviceId deviceOf(Pending pending) {
        return Objects.requireNonNull(pending.certificate().device(), "device certificates name their device");
    }

    private static String profileName(IssuedCertificate certificate) {
        return certificate.profile().name().toLowerCase(Locale.ROOT);
    }

    private static String keyHash(IssuedCertificate certificate) {
        return Base64.getEncoder().encodeToString(certificate.publicKeySha256());
    }

    private static ConflictException keyInUse() {
        return new ConflictException(
                "pki.csr.key-in-use",
                "the request's public key belongs to another device; every device needs its own key");
    }

    @Override
    public void start() {
        running = true;
        worker = Thread.ofPlatform().name("certificate-writer").daemon().start(this::run);
    }

    @Override
    public void stop() {
        running = false;
        try {
            worker.join(30_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /**
     * Before the web servers start taking requests, and after they stop: every request that reaches issuance finds
     * the writer running (later lifecycles, such as the broker's, take seconds to start).
     */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 4096;
    }

    private record Pending(
            IssuedCertificate certificate, Actor actor, String requestId, CompletableFuture<Void> done) {}
}
