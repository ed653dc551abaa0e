package dev.palisade.support;

import dev.palisade.pki.CertificatesRevoked;
import dev.palisade.pki.internal.RevocationIndex;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.springframework.context.event.EventListener;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Test-only listener that keeps the {@link CertificatesRevoked} events the server publishes, so that integration tests
 * can check what relying parties are told. It joins the shared test context through component scanning and listens
 * twice, as the two kinds of relying party inside the server would: in the publishing transaction (a plain event
 * listener), and as an application module listener, through Spring Modulith's event publication registry, which
 * stores the event with the revocation and delivers it after the commit. A third listener runs at the commit, where
 * the broker cuts sessions, and notes whether the revocation index was ahead of it. It keeps little: the newest events of the
 * most recently active tenants.
 */
@Component
public class RecordedRevocations {

    private static final int TENANTS = 32;
    private static final int EVENTS_PER_TENANT = 64;

    private final Map<String, List<Received>> inTransaction = recent();
    private final Map<String, List<Received>> afterCommit = recent();
    private final Map<String, List<Boolean>> indexedAtCommit = recent();
    private final RevocationIndex index;

    RecordedRevocations(RevocationIndex index) {
        this.index = index;
    }

    /**
     * @param inTransaction whether the event arrived inside a transaction, as an event published with its change does
     */
    public record Received(CertificatesRevoked event, boolean inTransaction) {}

    @EventListener
    synchronized void on(CertificatesRevoked event) {
        keep(inTransaction, event);
    }

    /** Runs after the revoking transaction committed, in a transaction of its own. */
    @ApplicationModuleListener
    synchronized void afterCommit(CertificatesRevoked event) {
        keep(afterCommit, event);
        notifyAll();
    }

    /**
     * Listens where the broker's cut of live sessions does, at the commit, and notes whether the revocation index
     * already refused every revoked certificate then: a device whose session is cut must not get back in.
     */
    @TransactionalEventListener
    synchronized void atCommit(CertificatesRevoked event) {
        boolean indexed = event.certificates().stream()
                .allMatch(certificate -> index.isRevoked(event.issuer(), new BigInteger(certificate.serial(), 16)));
        String tenant = event.tenant().value().toString();
        List<Boolean> seen = indexedAtCommit.remove(tenant);
        if (seen == null) {
            seen = new ArrayList<>();
        }
        seen.add(indexed);
        if (seen.size() > EVENTS_PER_TENANT) {
            seen.removeFirst();
        }
        indexedAtCommit.put(tenant, seen);
    }

    /**
     * For each event of {@code tenantId} seen right after its commit, oldest first: whether the revocation index
     * already held all its certificates.
     */
    public synchronized List<Boolean> indexedAtCommit(String tenantId) {
        return List.copyOf(indexedAtCommit.getOrDefault(tenantId, List.of()));
    }

    /** The events received in the publishing transaction for {@code tenantId}, oldest first. */
    public synchronized List<Received> of(String tenantId) {
        return List.copyOf(inTransaction.getOrDefault(tenantId, List.of()));
    }

    /**
     * The events delivered through the event publication registry for {@code tenantId}, oldest first, once there are
     * at least {@code count} of them or {@code timeout} passed.
     */
    public synchronized List<Received> deliveredAfterCommit(String tenantId, int count, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (afterCommit.getOrDefault(tenantId, List.of()).size() < count) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                break;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return List.copyOf(afterCommit.getOrDefault(tenantId, List.of()));
    }

    private static void keep(Map<String, List<Received>> byTenant, CertificatesRevoked event) {
        String tenant = event.tenant().value().toString();
        List<Received> events = byTenant.remove(tenant);
        if (events == null) {
            events = new ArrayList<>();
        }
        events.add(new Received(event, TransactionSynchronizationManager.isActualTransactionActive()));
        if (events.size() > EVENTS_PER_TENANT) {
            events.removeFirst();
        }
        // re-inserted, so the map's order is by latest activity and the least active tenant is dropped first
        byTenant.put(tenant, events);
    }

    private static <T> Map<String, List<T>> recent() {
        return new LinkedHashMap<>() {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, List<T>> eldest) {
                return size() > TENANTS;
            }
        };
    }
}
