package dev.palisade.tenancy;

import dev.palisade.storage.TenantTransactions;
import dev.palisade.tenancy.internal.OperatorRepository;
import dev.palisade.tenancy.internal.TenantRepository;
import dev.palisade.tenancy.internal.TokenRepository;
import dev.palisade.tenancy.internal.TokenSecrets;
import java.time.Clock;
import java.util.Optional;
import org.springframework.stereotype.Service;

/**
 * Turns a presented bearer token into a {@link Caller}, or into nothing: a malformed, unknown, wrong, expired or
 * revoked token, or one whose operator is disabled, are all the same failure to the outside, so a caller learns
 * nothing about which part was wrong. Each check reads the database, so a revocation takes effect on the next request.
 */
@Service
public class TokenAuthenticator {

    private final TenantTransactions transactions;
    private final TokenRepository tokens;
    private final OperatorRepository operators;
    private final TenantRepository tenants;
    private final Clock clock;

    TokenAuthenticator(
            TenantTransactions transactions,
            TokenRepository tokens,
            OperatorRepository operators,
            TenantRepository tenants,
            Clock clock) {
        this.transactions = transactions;
        this.tokens = tokens;
        this.operators = operators;
        this.tenants = tenants;
        this.clock = clock;
    }

    public Optional<Caller> authenticate(String presented, String requestId) {
        return TokenSecrets.parse(presented)
                .flatMap(parsed -> transactions.readInTenant(
                        parsed.tenant(),
                        () -> tokens.findWithHash(parsed.tenant(), parsed.token())
                                .filter(stored ->
                                        TokenSecrets.matches(stored.secretHash(), parsed.token(), parsed.secret()))
                                .map(TokenRepository.StoredToken::token)
                                .filter(token -> token.usableAt(clock.instant()))
                                .flatMap(token -> operators
                                        .find(token.tenant(), token.operator())
                                        .filter(Operator::active)
                                        .flatMap(operator -> tenants.find(token.tenant())
                                                .map(tenant -> new Caller(
                                                        tenant.id(),
                                                        tenant.platform(),
                                                        operator.id(),
                                                        operator.name(),
                                                        token.id(),
                                                        token.role(),
                                                        requestId))))));
    }
}
