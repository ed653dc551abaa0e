package dev.palisade.pki.internal;

import dev.palisade.audit.Actor;
import dev.palisade.audit.AuditEntry;
import dev.palisade.audit.AuditLog;
import dev.palisade.identity.DeviceId;
import dev.palisade.identity.DeviceRegistry;
import dev.palisade.identity.DeviceState;
import dev.palisade.pki.CertificateIssued;
import dev.palisade.pki.IssuedCertificate;
import dev.palisade.shared.problem.ConflictException;
import dev.palisade.storage.TenantTransactions;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
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
     * Records {@code certificate} and returns once it is committed.
     *
     * @param activateDevice whether this certificate makes a provisioned device active
     * @throws ConflictException when the certificate's key is bound to another device (nothing is recorded)
     */
    public void write(IssuedCertificate certificate, boolean activateDevice, Actor actor, String requestId) {
        var pending = new Pending(certificate, activateDevice, actor, requestId, new CompletableFuture<>());
        if (TransactionSynchronizationManager.isActualTransactionActive()) {
            // the caller's transaction records more (an idempotent request's stored response): join it, so both
            // commit together, rather than commit the certificate on the writer's connection ahead of it
            if (!record(pending)) {
                throw keyInUse();
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
                            certificate.profile().name().toLowerCase(java.util.Locale.ROOT),
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
                record(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } finally {
                batch.clear();
            }
        }
    }

    /** One transaction for the batch; a certificate whose key belongs elsewhere is refused alone. */
    private void record(List<Pending> batch) {
        Set<Pending> refused = Collections.newSetFromMap(new IdentityHashMap<>());
        try {
            transaction.executeWithoutResult(status -> {
                for (Pending pending : batch) {
                    if (!record(pending)) {
                        refused.add(pending);
                    }
                }
            });
        } catch (RuntimeException failure) {
            log.error("Recording {} certificate(s) failed; none was issued", batch.size(), failure);
            batch.forEach(pending -> pending.done().completeExceptionally(failure));
            return;
        }
        for (Pending pending : batch) {
            if (refused.contains(pending)) {
                pending.done().completeExceptionally(keyInUse());
            } else {
                pending.done().complete(null);
            }
        }
    }

    /** Records one certificate inside the batch's transaction; false, having written nothing, if its key is taken. */
    private boolean record(Pending pending) {
        IssuedCertificate certificate = pending.certificate();
        DeviceId device = Objects.requireNonNull(certificate.device(), "device certificates name their device");
        return transactions.inTenant(certificate.tenant(), () -> {
            if (!keys.bind(certificate.publicKeySha256(), certificate.tenant(), device, certificate.issuedAt())) {
                return false;
            }
            certificates.insert(certificate);
            String keyHash = Base64.getEncoder().encodeToString(certificate.publicKeySha256());
            audit.append(AuditEntry.succeeded(
                            certificate.tenant(),
                            pending.actor(),
                            "certificate.issued",
                            "certificate:" + certificate.issuer() + "/" + certificate.serialHex(),
                            pending.requestId())
                    .withDetails(Map.of(
                            "device", device.value(),
                            "profile", certificate.profile().name().toLowerCase(java.util.Locale.ROOT),
                            "notAfter",
                                    certificate
                                            .certificate()
                                            .getNotAfter()
                                            .toInstant()
                                            .toString(),
                            "publicKeySha256", keyHash)));
            events.publishEvent(new CertificateIssued(
                    certificate.tenant(),
                    certificate.issuer(),
                    certificate.serialHex(),
                    device.value(),
                    certificate.profile().name().toLowerCase(java.util.Locale.ROOT),
                    keyHash,
                    certificate.certificate().getNotAfter().toInstant()));
            if (pending.activateDevice()) {
                devices.moveTo(
                        certificate.tenant(),
                        device,
                        DeviceState.ACTIVE,
                        pending.actor(),
                        pending.requestId(),
                        "first device certificate");
            }
            return true;
        });
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

    private record Pending(
            IssuedCertificate certificate,
            boolean activateDevice,
            Actor actor,
            String requestId,
            CompletableFuture<Void> done) {}
}
