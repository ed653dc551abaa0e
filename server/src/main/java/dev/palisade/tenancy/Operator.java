package dev.palisade.tenancy;

import dev.palisade.shared.TenantId;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** Someone (or some automation) that works in a tenant with one role. Disabled operators cannot authenticate. */
public record Operator(
        OperatorId id,
        TenantId tenant,
        String name,
        Role role,
        Instant createdAt,
        @Nullable Instant disabledAt) {

    public boolean active() {
        return disabledAt == null;
    }
}
