package dev.palisade.audit;

import dev.palisade.audit.internal.AuditLeaf;
import dev.palisade.audit.internal.CheckpointSigner;
import dev.palisade.audit.internal.JdbcAuditStore;
import dev.palisade.protocol.merkle.MerkleHashes;
import dev.palisade.protocol.merkle.TreeFrontier;
import dev.palisade.shared.TenantId;
import dev.palisade.storage.TenantTransactions;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Appends audit records. An append joins the transaction of the change it records, so the change and its record
 * commit or vanish together; it extends the tenant's Merkle tree, stores the nodes it completed and a signed
 * checkpoint of the new tree, all before the transaction commits.
 */
@Service
public class AuditLog {

    private final JdbcAuditStore store;
    private final TenantTransactions transactions;
    private final CheckpointSigner signer;
    private final Clock clock;

    AuditLog(JdbcAuditStore store, TenantTransactions transactions, CheckpointSigner signer, Clock clock) {
        this.store = store;
        this.transactions = transactions;
        this.signer = signer;
        this.clock = clock;
    }

    /** Starts the (empty) log of a tenant that is being created, in the transaction that creates it. */
    public void openLog(TenantId tenant) {
        requireTransaction();
        transactions.inTenant(tenant, () -> store.openLog(tenant));
    }

    /** Appends {@code entry} to its tenant's log within the current transaction. */
    public AuditRecord append(AuditEntry entry) {
        requireTransaction();
        TenantId tenant = entry.tenant();
        return transactions.inTenant(tenant, () -> {
            TreeFrontier head = store.lockHead(tenant);
            // PostgreSQL keeps microseconds; truncating first makes the leaf recomputable from the stored row.
            Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
            AuditRecord record = AuditRecord.of(entry, head.size(), now);
            String details = AuditLeaf.detailsJson(record.details());
            TreeFrontier.Appended appended = head.append(MerkleHashes.leafHash(AuditLeaf.encode(record, details)));
            TreeFrontier next = appended.frontier();
            byte[] root = next.rootHash();
            store.insertRecord(record, details);
            store.insertNodes(tenant, appended.completedNodes());
            store.insertCheckpoint(
                    tenant, new AuditCheckpoint(next.size(), root, now, signer.sign(tenant, next.size(), root)));
            store.updateHead(tenant, next);
            return record;
        });
    }

    private static void requireTransaction() {
        if (!TransactionSynchronizationManager.isActualTransactionActive()) {
            throw new IllegalStateException("audit records are appended in the transaction of the change they record");
        }
    }
}
