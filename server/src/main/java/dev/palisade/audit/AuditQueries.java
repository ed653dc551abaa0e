package dev.palisade.audit;

import dev.palisade.audit.internal.CheckpointSigner;
import dev.palisade.audit.internal.JdbcAuditStore;
import dev.palisade.protocol.merkle.MerkleProofs;
import dev.palisade.protocol.merkle.NodeId;
import dev.palisade.protocol.merkle.NodeSource;
import dev.palisade.shared.Page;
import dev.palisade.shared.PageRequest;
import dev.palisade.shared.TenantId;
import dev.palisade.shared.problem.InvalidInputException;
import dev.palisade.shared.problem.NotFoundException;
import dev.palisade.storage.TenantTransactions;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;

/** Reads a tenant's audit log: records, checkpoints, and the proofs that tie them together. */
@Service
public class AuditQueries {

    private final JdbcAuditStore store;
    private final TenantTransactions transactions;
    private final CheckpointSigner signer;

    AuditQueries(JdbcAuditStore store, TenantTransactions transactions, CheckpointSigner signer) {
        this.store = store;
        this.transactions = transactions;
        this.signer = signer;
    }

    public Page<AuditRecord> records(TenantId tenant, PageRequest page) {
        long after = page.after() == null ? -1 : Long.parseLong(page.after());
        return transactions.readInTenant(
                tenant,
                () -> Page.fromOverfetch(
                        store.records(tenant, after, page.limit() + 1),
                        page.limit(),
                        record -> Long.toString(record.index())));
    }

    public AuditRecord record(TenantId tenant, long index) {
        return transactions
                .readInTenant(tenant, () -> store.record(tenant, index))
                .orElseThrow(() -> new NotFoundException("audit.record.not-found", "no audit record " + index));
    }

    public AuditCheckpoint latestCheckpoint(TenantId tenant) {
        return transactions
                .readInTenant(tenant, () -> store.latestCheckpoint(tenant))
                .orElseThrow(() -> new NotFoundException("audit.checkpoint.not-found", "the audit log is empty"));
    }

    public AuditCheckpoint checkpoint(TenantId tenant, long treeSize) {
        return transactions
                .readInTenant(tenant, () -> store.checkpoint(tenant, treeSize))
                .orElseThrow(() ->
                        new NotFoundException("audit.checkpoint.not-found", "no checkpoint for tree size " + treeSize));
    }

    public Page<AuditCheckpoint> checkpoints(TenantId tenant, PageRequest page) {
        long after = page.after() == null ? 0 : Long.parseLong(page.after());
        return transactions.readInTenant(
                tenant,
                () -> Page.fromOverfetch(
                        store.checkpoints(tenant, after, page.limit() + 1),
                        page.limit(),
                        checkpoint -> Long.toString(checkpoint.treeSize())));
    }

    /**
     * The inclusion proof of record {@code index} in the tree of size {@code treeSize} (the current size when null),
     * with the record's leaf hash.
     */
    public InclusionProof inclusionProof(TenantId tenant, long index, @Nullable Long treeSize) {
        return transactions.readInTenant(tenant, () -> {
            long size = resolveSize(tenant, treeSize, "treeSize");
            if (index < 0 || index >= size) {
                throw new InvalidInputException(
                        "audit.proof.out-of-range", "index", "record " + index + " is not in a tree of size " + size);
            }
            var required = new LinkedHashSet<>(MerkleProofs.requiredForInclusion(index, size));
            required.add(new NodeId(0, index));
            NodeSource nodes = fetch(tenant, required);
            byte[] leafHash = nodes.perfectNode(0, index);
            return new InclusionProof(index, size, leafHash, MerkleProofs.inclusionProof(index, size, nodes));
        });
    }

    /** The consistency proof between the trees of sizes {@code fromSize} and {@code toSize}. */
    public ConsistencyProof consistencyProof(TenantId tenant, long fromSize, long toSize) {
        return transactions.readInTenant(tenant, () -> {
            long current = store.treeSize(tenant);
            if (fromSize < 1 || fromSize > toSize) {
                throw new InvalidInputException(
                        "audit.proof.out-of-range", "from", "from must be between 1 and to (" + toSize + ")");
            }
            if (toSize > current) {
                throw new InvalidInputException(
                        "audit.proof.out-of-range", "to", "the log has only " + current + " records");
            }
            NodeSource nodes =
                    fetch(tenant, new LinkedHashSet<>(MerkleProofs.requiredForConsistency(fromSize, toSize)));
            return new ConsistencyProof(fromSize, toSize, MerkleProofs.consistencyProof(fromSize, toSize, nodes));
        });
    }

    /** The C2SP verifier key for this installation's checkpoints. */
    public String verifierKey() {
        return signer.verifierKey();
    }

    private long resolveSize(TenantId tenant, @Nullable Long requested, String field) {
        long current = store.treeSize(tenant);
        long size = requested == null ? current : requested;
        if (size < 1 || size > current) {
            throw new InvalidInputException(
                    "audit.proof.out-of-range", field, "tree size must be between 1 and " + current);
        }
        return size;
    }

    private NodeSource fetch(TenantId tenant, Set<NodeId> required) {
        Map<NodeId, byte[]> found = store.nodes(tenant, required);
        if (found.size() != required.size()) {
            throw new IllegalStateException("audit log of tenant " + tenant + " is missing proof nodes");
        }
        return NodeSource.of(found);
    }

    /** Proof that leaf {@code index} (hashing to {@code leafHash}) is in the tree of size {@code treeSize}. */
    public record InclusionProof(long index, long treeSize, byte[] leafHash, List<byte[]> hashes) {}

    /** Proof that the tree of size {@code fromSize} is a prefix of the tree of size {@code toSize}. */
    public record ConsistencyProof(long fromSize, long toSize, List<byte[]> hashes) {}
}
