package dev.palisade.tenancy.internal;

import dev.palisade.audit.Actor;
import dev.palisade.audit.AuditEntry;
import dev.palisade.audit.AuditLog;
import dev.palisade.shared.TenantId;
import dev.palisade.shared.Uuid7;
import dev.palisade.storage.TenantTransactions;
import dev.palisade.tenancy.IssuedToken;
import dev.palisade.tenancy.Operator;
import dev.palisade.tenancy.Role;
import dev.palisade.tenancy.Tenant;
import dev.palisade.tenancy.TenantCreated;
import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Brings a tenant into being: its registry row, its empty audit log, whose first record is the tenant's creation, its
 * first administrator and that administrator's token. Runs in the caller's transaction, which must have the platform
 * scope (see {@link TenantTransactions#acrossTenants}).
 */
@Component
public class TenantFounder {

    private final TenantTransactions transactions;
    private final TenantRepository tenants;
    private final TenancyWrites writes;
    private final AuditLog audit;
    private final Clock clock;

    TenantFounder(
            TenantTransactions transactions,
            TenantRepository tenants,
            TenancyWrites writes,
            AuditLog audit,
            Clock clock) {
        this.transactions = transactions;
        this.tenants = tenants;
        this.writes = writes;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * What to found.
     *
     * @param tokenName name of the administrator's first token
     * @param details extra facts for the audit record of the creation
     */
    public record Founding(
            String slug,
            String displayName,
            boolean platform,
            String adminName,
            String tokenName,
            Duration tokenLifetime,
            Map<String, String> details) {}

    public TenantCreated found(Founding founding, Actor actor, String requestId) {
        var tenant = new Tenant(
                TenantId.of(Uuid7.next(clock)),
                founding.slug(),
                founding.displayName(),
                founding.platform(),
                clock.instant().truncatedTo(ChronoUnit.MICROS));
        tenants.insert(tenant);
        audit.openLog(tenant.id());
        return transactions.inTenant(tenant.id(), () -> {
            var details = new HashMap<>(founding.details());
            details.put("slug", tenant.slug());
            audit.append(AuditEntry.succeeded(tenant.id(), actor, "tenant.created", "tenant:" + tenant.id(), requestId)
                    .withDetails(details));
            Operator admin = writes.createOperator(tenant.id(), founding.adminName(), Role.ADMIN, actor, requestId);
            IssuedToken token = writes.issueToken(
                    admin, founding.tokenName(), Role.ADMIN, founding.tokenLifetime(), actor, requestId);
            return new TenantCreated(tenant, admin, token);
        });
    }
}
