package dev.palisade.tenancy.internal;

import dev.palisade.audit.Actor;
import dev.palisade.audit.AuditEntry;
import dev.palisade.audit.AuditLog;
import dev.palisade.shared.TenantId;
import dev.palisade.shared.Uuid7;
import dev.palisade.shared.problem.ConflictException;
import dev.palisade.tenancy.ApiToken;
import dev.palisade.tenancy.ApiTokenId;
import dev.palisade.tenancy.IssuedToken;
import dev.palisade.tenancy.Operator;
import dev.palisade.tenancy.OperatorId;
import dev.palisade.tenancy.Role;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * The audited writes that several tenancy services share: creating an operator and issuing a token. Callers have
 * already authorised the change and opened the tenant's transaction; each write appends its audit record in it.
 */
@Component
public class TenancyWrites {

    private final OperatorRepository operators;
    private final TokenRepository tokens;
    private final AuditLog audit;
    private final Clock clock;

    TenancyWrites(OperatorRepository operators, TokenRepository tokens, AuditLog audit, Clock clock) {
        this.operators = operators;
        this.tokens = tokens;
        this.audit = audit;
        this.clock = clock;
    }

    public Operator createOperator(TenantId tenant, String name, Role role, Actor actor, String requestId) {
        if (operators.nameTaken(tenant, name)) {
            throw new ConflictException("tenancy.operator.name-taken", "an operator named '" + name + "' exists");
        }
        var operator = new Operator(new OperatorId(Uuid7.next(clock)), tenant, name, role, now(), null);
        operators.insert(operator);
        audit.append(AuditEntry.succeeded(tenant, actor, "operator.created", "operator:" + operator.id(), requestId)
                .withDetails(Map.of("name", name, "role", role.wireName())));
        return operator;
    }

    /**
     * Changes an operator's role and enabled state, audits the change, and revokes the operator's live tokens that the
     * new role no longer covers. Returns the operator as it is now.
     */
    public Operator updateOperator(
            Operator current, Role role, @Nullable Instant disabledAt, Actor actor, String requestId) {
        operators.update(current.tenant(), current.id(), role, disabledAt);
        var details = new LinkedHashMap<String, String>();
        details.put("role", role.wireName());
        details.put("previousRole", current.role().wireName());
        details.put("disabled", Boolean.toString(disabledAt != null));
        audit.append(
                AuditEntry.succeeded(current.tenant(), actor, "operator.updated", "operator:" + current.id(), requestId)
                        .withDetails(details));
        for (ApiToken token : tokens.liveTokensOutranking(current.tenant(), current.id(), role, now())) {
            revokeToken(token, "operator role lowered", actor, requestId);
        }
        return new Operator(current.id(), current.tenant(), current.name(), role, current.createdAt(), disabledAt);
    }

    public IssuedToken issueToken(
            Operator operator, String name, Role role, Duration lifetime, Actor actor, String requestId) {
        Instant now = now();
        var id = new ApiTokenId(Uuid7.next(clock));
        var token = new ApiToken(id, operator.tenant(), operator.id(), name, role, now, now.plus(lifetime), null);
        TokenSecrets.Generated generated = TokenSecrets.generate(operator.tenant(), id);
        tokens.insert(token, generated.hash());
        audit.append(AuditEntry.succeeded(operator.tenant(), actor, "token.created", "token:" + id, requestId)
                .withDetails(Map.of(
                        "operator", operator.id().toString(),
                        "name", name,
                        "role", role.wireName(),
                        "expiresAt", token.expiresAt().toString())));
        return new IssuedToken(token, generated.token());
    }

    public boolean revokeToken(ApiToken token, String reason, Actor actor, String requestId) {
        if (!tokens.revoke(token.tenant(), token.id(), now())) {
            return false;
        }
        audit.append(AuditEntry.succeeded(token.tenant(), actor, "token.revoked", "token:" + token.id(), requestId)
                .withDetails(Map.of("reason", reason)));
        return true;
    }

    /** Database time has microseconds; rounding here keeps returned values equal to what a later read returns. */
    Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
