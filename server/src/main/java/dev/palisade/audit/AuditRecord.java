package dev.palisade.audit;

import dev.palisade.shared.TenantId;
import java.time.Instant;
import java.util.Map;

/** An audit entry as stored: a leaf of its tenant's Merkle log, at {@code index}, recorded at {@code recordedAt}. */
public record AuditRecord(
        TenantId tenant,
        long index,
        Instant recordedAt,
        Actor actor,
        String action,
        String target,
        String requestId,
        AuditOutcome outcome,
        Map<String, String> details) {

    public AuditRecord {
        if (index < 0) {
            throw new IllegalArgumentException("leaf index must not be negative");
        }
        details = Map.copyOf(details);
    }

    static AuditRecord of(AuditEntry entry, long index, Instant recordedAt) {
        return new AuditRecord(
                entry.tenant(),
                index,
                recordedAt,
                entry.actor(),
                entry.action(),
                entry.target(),
                entry.requestId(),
                entry.outcome(),
                entry.details());
    }
}
