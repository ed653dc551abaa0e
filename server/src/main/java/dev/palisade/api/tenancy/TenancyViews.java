package dev.palisade.api.tenancy;

import dev.palisade.tenancy.ApiToken;
import dev.palisade.tenancy.IssuedToken;
import dev.palisade.tenancy.Operator;
import dev.palisade.tenancy.Tenant;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** The JSON shapes of tenancy resources. */
final class TenancyViews {

    private TenancyViews() {}

    record TenantView(String id, String slug, String displayName, boolean platform, Instant createdAt) {
        static TenantView of(Tenant tenant) {
            return new TenantView(
                    tenant.id().toString(), tenant.slug(), tenant.displayName(), tenant.platform(), tenant.createdAt());
        }
    }

    record OperatorView(String id, String name, String role, boolean disabled, Instant createdAt) {
        static OperatorView of(Operator operator) {
            return new OperatorView(
                    operator.id().toString(),
                    operator.name(),
                    operator.role().wireName(),
                    !operator.active(),
                    operator.createdAt());
        }
    }

    record TokenView(
            String id,
            String operatorId,
            String name,
            String role,
            Instant createdAt,
            Instant expiresAt,
            @Nullable Instant revokedAt) {
        static TokenView of(ApiToken token) {
            return new TokenView(
                    token.id().toString(),
                    token.operator().toString(),
                    token.name(),
                    token.role().wireName(),
                    token.createdAt(),
                    token.expiresAt(),
                    token.revokedAt());
        }
    }

    /**
     * A new token. {@code secret} is the bearer token itself: shown in this response only, and null when the
     * response is an idempotent replay.
     */
    record CreatedTokenView(TokenView token, @Nullable String secret) {
        static CreatedTokenView of(IssuedToken issued) {
            return new CreatedTokenView(TokenView.of(issued.token()), issued.secret());
        }

        CreatedTokenView redacted() {
            return new CreatedTokenView(token, null);
        }
    }
}
