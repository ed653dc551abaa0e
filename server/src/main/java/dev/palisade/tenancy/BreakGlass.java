package dev.palisade.tenancy;

import dev.palisade.audit.Actor;
import dev.palisade.shared.problem.NotFoundException;
import dev.palisade.storage.TenantTransactions;
import dev.palisade.tenancy.internal.OperatorRepository;
import dev.palisade.tenancy.internal.TenancyWrites;
import dev.palisade.tenancy.internal.TenantRepository;
import java.util.UUID;
import org.springframework.stereotype.Service;

/**
 * Recovery when no working administrator token is left (the first token expired, or was lost): someone with local
 * access to the installation issues a new token for an administrator of the platform tenant, directly through the
 * database. The act is audited like any other change, with the local user as actor.
 */
@Service
public class BreakGlass {

    private static final String RECOVERY_OPERATOR = "recovery-admin";

    private final TenantTransactions transactions;
    private final TenantRepository tenants;
    private final OperatorRepository operators;
    private final TenancyWrites writes;
    private final TenancySettings settings;

    BreakGlass(
            TenantTransactions transactions,
            TenantRepository tenants,
            OperatorRepository operators,
            TenancyWrites writes,
            TenancySettings settings) {
        this.transactions = transactions;
        this.tenants = tenants;
        this.operators = operators;
        this.writes = writes;
        this.settings = settings;
    }

    /**
     * Issues an administrator token in the platform tenant: for its first active administrator, or for a new {@code
     * recovery-admin} operator when none is active.
     *
     * @param localUser the operating-system user running the recovery, recorded as the actor
     */
    public IssuedToken issueAdminToken(String localUser) {
        Actor actor = new Actor(Actor.ActorKind.LOCAL, localUser, localUser + " (break-glass)");
        String requestId = "break-glass-" + UUID.randomUUID();
        Tenant platform = transactions
                .acrossTenants(tenants::findPlatform)
                .orElseThrow(() -> new NotFoundException(
                        "tenancy.tenant.not-found",
                        "the installation has no platform tenant yet; start the server once"));
        return transactions.inTenant(platform.id(), () -> {
            Operator admin = operators
                    .firstActiveAdmin(platform.id())
                    .orElseGet(() -> operators.nameTaken(platform.id(), RECOVERY_OPERATOR)
                            ? reenable(platform, actor, requestId)
                            : writes.createOperator(platform.id(), RECOVERY_OPERATOR, Role.ADMIN, actor, requestId));
            return writes.issueToken(admin, "break-glass", Role.ADMIN, settings.bootstrapTokenTtl(), actor, requestId);
        });
    }

    private Operator reenable(Tenant platform, Actor actor, String requestId) {
        Operator recovery =
                operators.findByName(platform.id(), RECOVERY_OPERATOR).orElseThrow();
        return writes.updateOperator(recovery, Role.ADMIN, null, actor, requestId);
    }
}
