package dev.palisade.tenancy;

import dev.palisade.shared.TenantId;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** An API token's metadata. The secret is never stored; only its hash is, and it is shown once, at creation. */
public record ApiToken(
        ApiTokenId id,
        TenantId tenant,
        OperatorId operator,
        String name,
        Role role,
        Instant createdAt,
        Instant expiresAt,
        @Nullable Instant revokedAt) {

    public boolean usableAt(Instant time) {
        return revokedAt == null && time.isBefore(expiresAt);
    }
}
