package dev.palisade.tenancy;

import dev.palisade.storage.TenantTransactions;
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
    private final Clock clock;

    TokenAuthenticator(TenantTransactions transactions, TokenRepository tokens, Clock clock) {
        this.transactions = transactions;
        this.tokens = tokens;
        this.clock = clock;
    }

    public Optional<Caller> authenticate(String presented, String requestId) {
        return TokenSecrets.parse(presented)
                .flatMap(parsed -> transactions
                        .readInTenant(
                                parsed.tenant(), () -> tokens.findForAuthentication(parsed.tenant(), parsed.token()))
                        .filter(stored -> TokenSecrets.matches(stored.secretHash(), parsed.token(), parsed.secret())))
                .filter(stored -> stored.token().usableAt(clock.instant()) && stored.operatorActive())
                .map(stored -> new Caller(
                        stored.token().tenant(),
                        stored.platformTenant(),
                        stored.token().operator(),
                        stored.operatorName(),
                        stored.token().id(),
                        stored.token().role(),
                        requestId));
    }
}
