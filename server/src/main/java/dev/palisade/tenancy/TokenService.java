package dev.palisade.tenancy;

import dev.palisade.shared.Page;
import dev.palisade.shared.PageRequest;
import dev.palisade.shared.problem.ConflictException;
import dev.palisade.shared.problem.ForbiddenException;
import dev.palisade.shared.problem.InvalidInputException;
import dev.palisade.shared.problem.NotFoundException;
import dev.palisade.storage.TenantTransactions;
import dev.palisade.tenancy.internal.OperatorRepository;
import dev.palisade.tenancy.internal.TenancyWrites;
import dev.palisade.tenancy.internal.TokenRepository;
import java.time.Duration;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;

/**
 * API tokens: operators create, list and revoke their own; administrators manage everyone's; auditors list them all. A
 * token never outranks its operator, nor the token that created it.
 */
@Service
public class TokenService {

    private final TenantTransactions transactions;
    private final TokenRepository tokens;
    private final OperatorRepository operators;
    private final TenancyWrites writes;
    private final TenancySettings settings;

    TokenService(
            TenantTransactions transactions,
            TokenRepository tokens,
            OperatorRepository operators,
            TenancyWrites writes,
            TenancySettings settings) {
        this.transactions = transactions;
        this.tokens = tokens;
        this.operators = operators;
        this.writes = writes;
        this.settings = settings;
    }

    public IssuedToken create(Caller caller, NewToken request) {
        String name = TenancyInputs.label("name", request.name(), 100);
        OperatorId owner = request.operator() == null ? caller.operator() : request.operator();
        if (!owner.equals(caller.operator()) && !caller.can(Permission.TOKENS_MANAGE)) {
            throw new ForbiddenException(
                    "tenancy.token.other-operator", "creating tokens for other operators needs tokens:manage");
        }
        Duration lifetime = request.expiresIn() == null ? settings.defaultTokenTtl() : request.expiresIn();
        if (lifetime.isNegative() || lifetime.isZero() || lifetime.compareTo(settings.maxTokenTtl()) > 0) {
            throw new InvalidInputException(
                    "expiresIn",
                    "expiresIn must be positive and at most "
                            + settings.maxTokenTtl().toDays() + " days");
        }
        return transactions.inTenant(caller.tenant(), () -> {
            Operator operator = operators
                    .find(caller.tenant(), owner)
                    .orElseThrow(() -> new NotFoundException("tenancy.operator.not-found", "no such operator"));
            if (!operator.active()) {
                throw new ConflictException("tenancy.operator.disabled", "the operator is disabled");
            }
            Role role = request.role() == null ? operator.role() : request.role();
            if (!role.isWithin(operator.role()) || !role.isWithin(caller.role())) {
                throw new InvalidInputException(
                        "tenancy.token.role-too-strong",
                        "role",
                        "role " + role.wireName()
                                + " grants more than the operator's role or the role of the token making this request");
            }
            return writes.issueToken(operator, name, role, lifetime, caller.actor(), caller.requestId());
        });
    }

    /** Every token of the tenant for callers with tokens:read, otherwise the caller's own. */
    public Page<ApiToken> list(Caller caller, @Nullable OperatorId operator, PageRequest page) {
        OperatorId scope = caller.can(Permission.TOKENS_READ) ? operator : caller.operator();
        UUID after = page.after() == null ? null : UUID.fromString(page.after());
        return transactions.readInTenant(
                caller.tenant(),
                () -> Page.fromOverfetch(
                        tokens.page(caller.tenant(), scope, after, page.limit() + 1),
                        page.limit(),
                        token -> token.id().toString()));
    }

    public ApiToken get(Caller caller, ApiTokenId id) {
        return transactions.readInTenant(caller.tenant(), () -> visible(caller, id, Permission.TOKENS_READ));
    }

    /** Revokes a token at once; revoking a revoked token changes nothing. */
    public ApiToken revoke(Caller caller, ApiTokenId id) {
        return transactions.inTenant(caller.tenant(), () -> {
            ApiToken token = visible(caller, id, Permission.TOKENS_READ);
            if (!token.operator().equals(caller.operator()) && !caller.can(Permission.TOKENS_MANAGE)) {
                throw new ForbiddenException(
                        "tenancy.token.other-operator", "revoking tokens of other operators needs tokens:manage");
            }
            writes.revokeToken(token, "revoked by operator", caller.actor(), caller.requestId());
            return tokens.find(caller.tenant(), id).orElseThrow();
        });
    }

    /** The token if it is the caller's own or the caller holds {@code othersPermission}; not found otherwise. */
    private ApiToken visible(Caller caller, ApiTokenId id, Permission othersPermission) {
        return tokens.find(caller.tenant(), id)
                .filter(token -> token.operator().equals(caller.operator()) || caller.can(othersPermission))
                .orElseThrow(() -> new NotFoundException("tenancy.token.not-found", "no such token"));
    }
}
