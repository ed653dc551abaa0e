package dev.palisade.provisioning.internal;

import dev.palisade.audit.Actor;
import dev.palisade.audit.AuditEntry;
import dev.palisade.audit.AuditLog;
import dev.palisade.audit.AuditOutcome;
import dev.palisade.shared.TenantId;
import dev.palisade.storage.TenantTransactions;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.stereotype.Component;

/**
 * Records a refusal in the tenant's audit log, in a transaction of its own: the refused change was rolled back (or
 * never began), and the record of the refusal must survive that.
 */
@Component
public class RefusalAudit {

    private final TenantTransactions transactions;
    private final AuditLog audit;

    RefusalAudit(TenantTransactions transactions, AuditLog audit) {
        this.transactions = transactions;
        this.audit = audit;
    }

    public void record(
            TenantId tenant,
            Actor actor,
            String action,
            String target,
            String requestId,
            String reason,
            Map<String, String> details) {
        var all = new TreeMap<>(details);
        all.put("reason", reason);
        transactions.inNewTransaction(
                tenant,
                () -> audit.append(
                        new AuditEntry(tenant, actor, action, target, requestId, AuditOutcome.REFUSED, all)));
    }
}
