package dev.palisade.provisioning;

import dev.palisade.audit.Actor;
import dev.palisade.provisioning.internal.RefusalAudit;
import dev.palisade.shared.TenantId;
import dev.palisade.shared.problem.ConflictException;
import dev.palisade.shared.problem.ForbiddenException;
import dev.palisade.shared.problem.InvalidInputException;
import dev.palisade.shared.problem.NotFoundException;
import dev.palisade.shared.problem.PalisadeException;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.stereotype.Component;

/**
 * A refused claim request, audited ({@code provisioning.claim-refused}, outcome refused, the code as {@code reason}) in
 * a transaction of its own, and turned into the problem the device hears.
 */
@Component
class ClaimRefusals {

    private final RefusalAudit audit;

    ClaimRefusals(RefusalAudit audit) {
        this.audit = audit;
    }

    PalisadeException refuse(
            TenantId tenant,
            Actor device,
            String target,
            String requestId,
            Refusal refusal,
            Map<String, String> facts) {
        var details = new TreeMap<>(facts);
        String detail = refusal.detail();
        details.put("detail", detail.length() > 1000 ? detail.substring(0, 1000) : detail);
        audit.record(
                tenant,
                device,
                "provisioning.claim-refused",
                target,
                requestId,
                refusal.reason().code(),
                details);
        return problem(refusal);
    }

    /** The problem a device hears; {@code provisioning.rate-limited} is answered 503 by the endpoint. */
    static PalisadeException problem(Refusal refusal) {
        String code = refusal.reason().code();
        String detail = refusal.detail();
        return switch (refusal.reason()) {
            case CLAIM_MALFORMED -> new InvalidInputException(code, "proof", detail);
            case CLAIM_NOT_FOUND -> new NotFoundException(code, detail);
            case CLAIM_NONCE_UNKNOWN,
                    CLAIM_NONCE_REPLAYED,
                    CLAIM_NONCE_EXPIRED,
                    CLAIM_USED,
                    CLAIM_EXPIRED,
                    CLAIM_CANCELLED,
                    CLAIM_LOCKED,
                    CLAIM_PROVEN_ELSEWHERE,
                    CLAIM_BUSY,
                    RATE_LIMITED -> new ConflictException(code, detail);
            default -> new ForbiddenException(code, detail);
        };
    }
}
