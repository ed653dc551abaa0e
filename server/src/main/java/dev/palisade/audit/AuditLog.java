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
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Appends audit records. An append joins the transaction of the change it records, so the change and its record
 * commit or vanish together. The first append of a tenant in a transaction locks the tenant's tree head; every append
 * numbers its record and extends the tree; just before the transaction commits, the records and the nodes they
 * completed are stored, and one checkpoint of each touched tenant's tree is signed and stored. A transaction that records one change gets one checkpoint per record;
 * one that records a batch (many issuances at once, say) gets one for the batch.
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
            OpenTrees trees = openTrees();
            TreeFrontier head = trees.frontiers.computeIfAbsent(tenant, store::lockHead);
            // PostgreSQL keeps microseconds; truncating first makes the leaf recomputable from the stored row.
            Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
            AuditRecord record = AuditRecord.of(entry, head.size(), now);
            String details = AuditLeaf.detailsJson(record.details());
            TreeFrontier.Appended appended = head.append(MerkleHashes.leafHash(AuditLeaf.encode(record, details)));
            trees.pending(tenant).add(record, details, appended.completedNodes());
            trees.frontiers.put(tenant, appended.frontier());
            return record;
        });
    }

    /**
     * Appends {@code entries}, all of one tenant, in order, within the current transaction: the same records as one
     * {@link #append} each, written with a statement per table rather than per record.
     */
    public List<AuditRecord> appendAll(TenantId tenant, List<AuditEntry> entries) {
        requireTransaction();
        if (entries.isEmpty()) {
            return List.of();
        }
        return transactions.inTenant(tenant, () -> {
            OpenTrees trees = openTrees();
            TreeFrontier head = trees.frontiers.computeIfAbsent(tenant, store::lockHead);
            Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
            List<AuditRecord> records = new ArrayList<>(entries.size());
            Pending pending = trees.pending(tenant);
            for (AuditEntry entry : entries) {
                if (!entry.tenant().equals(tenant)) {
                    throw new IllegalArgumentException(
                            "an entry of tenant " + entry.tenant() + " in a batch of " + tenant);
                }
                AuditRecord record = AuditRecord.of(entry, head.size(), now);
                String json = AuditLeaf.detailsJson(record.details());
                TreeFrontier.Appended appended = head.append(MerkleHashes.leafHash(AuditLeaf.encode(record, json)));
                records.add(record);
                pending.add(record, json, appended.completedNodes());
                head = appended.frontier();
            }
            trees.frontiers.put(tenant, head);
            return records;
        });
    }

    /** The trees this transaction has appended to, created (with its commit hook) on first use. */
    private OpenTrees openTrees() {
        OpenTrees trees = (OpenTrees) TransactionSynchronizationManager.getResource(this);
        if (trees == null) {
            trees = new OpenTrees();
            TransactionSynchronizationManager.bindResource(this, trees);
            TransactionSynchronizationManager.registerSynchronization(trees);
        }
        return trees;
    }

    private void checkpoint(TenantId tenant, TreeFrontier frontier, Pending pending) {
        transactions.inTenant(tenant, () -> {
            store.insertRecords(pending.records, pending.details);
            store.insertNodes(tenant, pending.nodes);
            byte[] root = frontier.rootHash();
            Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
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
     * The rows a transaction's appends produced, written just before it commits with one statement per table for all
     * of them: a group commit of many devices' first contacts writes four records each, and a statement per record
     * and per node was the largest share of the database's work on that path. Nothing reads the log in the
     * transaction that writes it; the records are numbered, hashed and returned at append time as before.
     */
    private static final class Pending {

        private final List<AuditRecord> records = new ArrayList<>();
        private final List<String> details = new ArrayList<>();
        private final List<NodeHash> nodes = new ArrayList<>();

        void add(AuditRecord record, String detailsJson, List<NodeHash> completed) {
            records.add(record);
            details.add(detailsJson);
            nodes.addAll(completed);
        }
    }

    /** The trees of one transaction; checkpointed just before it commits, forgotten when it ends either way. */
    private final class OpenTrees implements TransactionSynchronization {

        private final Map<TenantId, TreeFrontier> frontiers = new LinkedHashMap<>();
        private final Map<TenantId, Pending> pending = new HashMap<>();

        Pending pending(TenantId tenant) {
            return pending.computeIfAbsent(tenant, key -> new Pending());
        }

        @Override
        public void beforeCommit(boolean readOnly) {
            frontiers.forEach((tenant, frontier) -> checkpoint(tenant, frontier, pending(tenant)));
        }

        /** A transaction of its own started inside this one keeps its own trees: hide these meanwhile. */
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
