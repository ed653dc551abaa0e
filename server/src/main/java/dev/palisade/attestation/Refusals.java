package dev.palisade.attestation;

import dev.palisade.audit.Actor;
import dev.palisade.audit.AuditEntry;
import dev.palisade.audit.AuditLog;
import dev.palisade.audit.AuditOutcome;
import dev.palisade.identity.DeviceId;
import dev.palisade.shared.TenantId;
import dev.palisade.shared.problem.ConflictException;
import dev.palisade.shared.problem.ForbiddenException;
import dev.palisade.shared.problem.InvalidInputException;
import dev.palisade.shared.problem.NotFoundException;
import dev.palisade.shared.problem.PalisadeException;
import dev.palisade.storage.TenantTransactions;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Records refused evidence in the audit log, in a transaction of its own (the refusal changed nothing else, and the
 * caller's transaction, if any, is rolled back), and turns it into the problem the device hears.
 */
@Component
class Refusals {

    private final TenantTransactions transactions;
    private final AuditLog audit;

    Refusals(TenantTransactions transactions, AuditLog audit) {
        this.transactions = transactions;
        this.audit = audit;
    }

    static Actor device(DeviceId device) {
        return new Actor(Actor.ActorKind.DEVICE, device.value(), device.value());
    }

    PalisadeException refuse(
            TenantId tenant, DeviceId device, String step, String requestId, AttestationRefusedException refusal) {
        transactions.inNewTransaction(
                tenant,
                () -> audit.append(new AuditEntry(
                        tenant,
                        device(device),
                        "attestation.refused",
                        "device:" + device,
                        requestId,
                        AuditOutcome.REFUSED,
                        Map.of("step", step, "reason", refusal.reason().code(), "detail", clip(refusal.detail())))));
        return problem(refusal);
    }

    static PalisadeException problem(AttestationRefusedException refusal) {
        String code = refusal.reason().code();
        String detail = refusal.detail();
        return switch (refusal.reason()) {
            case MALFORMED_EVIDENCE, KEY_UNSUITABLE, ENDORSEMENT_KEY_UNSUITABLE ->
                new InvalidInputException(code, "evidence", detail);
            case NONCE_UNKNOWN,
                    NONCE_REPLAYED,
                    NONCE_EXPIRED,
                    CHALLENGE_UNKNOWN,
                    KEY_NOT_BOUND,
                    ENDORSEMENT_KEY_UNKNOWN -> new ConflictException(code, detail);
            case DEVICE_UNKNOWN -> new NotFoundException(code, detail);
            default -> new ForbiddenException(code, detail);
        };
    }

    private static String clip(String text) {
        return text.length() > 500 ? text.substring(0, 500) : text;
    }
}
