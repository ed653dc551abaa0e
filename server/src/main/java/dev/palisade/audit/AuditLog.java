package dev.palisade.audit;

import dev.palisade.audit.internal.AuditLeaf;
import dev.palisade.audit.internal.CheckpointSigner;
import dev.palisade.audit.internal.JdbcAuditStore;
import dev.palisade.protocol.merkle.MerkleHashes;
import dev.palisade.protocol.merkle.NodeHash;
import dev.palisade.protocol.merkle.TreeFrontier;
import dev.palisade.shared.TenantId;
import dev.palisade.storage.TenantTransactions;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Appends audit records. An append joins the transaction of the change it records, so the change and its record
 * commit or vanish together. Records are numbered when their transaction commits, not when they are appended: just
 * before the commit, each touched tenant's tree head is locked (tenants in a fixed order), the transaction's records
 * are numbered, timed and hashed onto the tree, and they, the nodes they completed and one signed checkpoint per
 * tenant are stored. The head stays locked only for that last step and the commit, so transactions of one tenant
 * prepare their changes side by side and queue only to join the log, in the order they commit (ADR 0020). A
 * transaction that records one change gets one checkpoint per record; one that records a batch (many issuances at
 * once, say) gets one for the batch.
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

    /** Appends {@code entry} to its tenant's log within the current transaction; it is numbered when that commits. */
    public void append(AuditEntry entry) {
        requireTransaction();
        openTrees().entries(entry.tenant()).add(entry);
    }

    /**
     * Appends {@code entries}, all of one tenant, in order, within the current transaction: the same records as one
     * {@link #append} each, and refused as a whole if one names another tenant.
     */
    public void appendAll(TenantId tenant, List<AuditEntry> entries) {
        requireTransaction();
        for (AuditEntry entry : entries) {
            if (!entry.tenant().equals(tenant)) {
                throw new IllegalArgumentException("an entry of tenant " + entry.tenant() + " in a batch of " + tenant);
            }
        }
        if (!entries.isEmpty()) {
            openTrees().entries(tenant).addAll(entries);
        }
    }

    /** The entries this transaction has appended, with the commit hook that logs them, created on first use. */
    private OpenTrees openTrees() {
        OpenTrees trees = (OpenTrees) TransactionSynchronizationManager.getResource(this);
        if (trees == null) {
            trees = new OpenTrees();
            TransactionSynchronizationManager.bindResource(this, trees);
            TransactionSynchronizationManager.registerSynchronization(trees);
        }
        return trees;
    }

    /**
     * Numbers {@code entries} after the tenant's locked head, and stores them with the nodes they complete and a
     * signed checkpoint of the grown tree, with one statement per table however many there are: a group commit of
     * first contacts writes four records per device, and a statement per record was once the largest share of the
     * database's work on that path. The details are encoded before the head is locked: they do not depend on the
     * position, and the lock is what other transactions of the tenant wait on.
     */
    private void log(TenantId tenant, List<AuditEntry> entries) {
        List<String> details = new ArrayList<>(entries.size());
        for (AuditEntry entry : entries) {
            details.add(AuditLeaf.detailsJson(entry.details()));
        }
        transactions.inTenant(tenant, () -> {
            TreeFrontier frontier = store.lockHead(tenant);
            // PostgreSQL keeps microseconds; truncating first makes the leaf recomputable from the stored row.
            // Taken under the lock, so that times never run backwards along the log.
            Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
            List<JdbcAuditStore.NewRecord> records = new ArrayList<>(entries.size());
            List<NodeHash> interior = new ArrayList<>(entries.size());
            for (int i = 0; i < entries.size(); i++) {
                AuditRecord record = AuditRecord.of(entries.get(i), frontier.size(), now);
                byte[] leafHash = MerkleHashes.leafHash(AuditLeaf.encode(record, details.get(i)));
                TreeFrontier.Appended appended = frontier.append(leafHash);
                records.add(new JdbcAuditStore.NewRecord(record, details.get(i), leafHash));
                for (NodeHash node : appended.completedNodes()) {
                    if (node.id().level() > 0) { // the leaf's hash is kept in its record
                        interior.add(node);
                    }
                }
                frontier = appended.frontier();
            }
            store.insertRecords(records);
            store.insertNodes(tenant, interior);
            byte[] root = frontier.rootHash();
            store.insertCheckpoint(
                    tenant,
                    new AuditCheckpoint(frontier.size(), root, now, signer.sign(tenant, frontier.size(), root)));
            store.updateHead(tenant, frontier);
        });
    }

    private static void requireTransaction() {
        if (!TransactionSynchronizationManager.isActualTransactionActive()) {
            throw new IllegalStateException("audit records are appended in the transaction of the change they record");
        }
    }

    /**
     * The entries of one transaction, by tenant, logged just before it commits (tenants in id order, so that two
     * transactions that touch the same tenants lock their heads in the same order), forgotten when it ends either way.
     * Nothing reads the log in the transaction that writes it.
     */
    private final class OpenTrees implements TransactionSynchronization {

        private final Map<TenantId, List<AuditEntry>> entries = new HashMap<>();

        List<AuditEntry> entries(TenantId tenant) {
            return entries.computeIfAbsent(tenant, key -> new ArrayList<>());
        }

        @Override
        public void beforeCommit(boolean readOnly) {
            List<Map.Entry<TenantId, List<AuditEntry>>> byTenant = new ArrayList<>(entries.entrySet());
            byTenant.sort(
                    Comparator.comparing(tenantEntries -> tenantEntries.getKey().value()));
            for (Map.Entry<TenantId, List<AuditEntry>> tenantEntries : byTenant) {
                log(tenantEntries.getKey(), tenantEntries.getValue());
            }
        }

        /** A transaction of its own started inside this one keeps its own entries: hide these meanwhile. */
        @Override
        public void suspend() {
            TransactionSynchronizationManager.unbindResource(AuditLog.this);
        }

        @Override
        public void resume() {
            TransactionSynchronizationManager.bindResource(AuditLog.this, this);
        }

        @Override
        public void afterCompletion(int status) {
            TransactionSynchronizationManager.unbindResourceIfPossible(AuditLog.this);
        }
    }
}
