package dev.palisade.audit;

import java.time.Instant;

/**
 * A signed statement of a tenant's log: its size and root hash, in the C2SP signed-note text {@code note} that any
 * checkpoint verifier (for example Go's sumdb/note) can check against the installation's verifier key.
 */
public record AuditCheckpoint(long treeSize, byte[] rootHash, Instant signedAt, String note) {

    public AuditCheckpoint {
        rootHash = rootHash.clone();
    }

    @Override
    public byte[] rootHash() {
        return rootHash.clone();
    }
}
