package dev.palisade.tenancy;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * A request for a token.
 *
 * @param operator whose token it is; the caller's own when null
 * @param role the token's role; the operator's role when null. Never stronger than the operator's role, nor than the
 *     role of the token that asks for it
 * @param expiresIn lifetime; the configured default when null
 */
public record NewToken(
        String name,
        @Nullable OperatorId operator,
        @Nullable Role role,
        @Nullable Duration expiresIn) {}
