package dev.palisade.tenancy;

import dev.palisade.audit.Actor;
import dev.palisade.audit.AuditEntry;
import dev.palisade.shared.TenantId;

/**
 * An authenticated request: the operator and token behind it, the tenant it acts in, its role, and its request id
 * (which every audit record it causes carries).
 */
public record Caller(
        TenantId tenant,
        boolean platformTenant,
        OperatorId operator,
        String operatorName,
        ApiTokenId token,
        Role role,
        String requestId) {

    /** Whether the role grants {@code permission}; managing tenants also requires acting in the platform tenant. */
    public boolean can(Permission permission) {
        return role.permits(permission) && (permission != Permission.TENANTS_MANAGE || platformTenant);
    }

    public Actor actor() {
        return new Actor(Actor.ActorKind.OPERATOR, operator.toString(), operatorName);
    }

    /** An audit entry for a successful change by this caller in its own tenant. */
    public AuditEntry audit(String action, String target) {
        return AuditEntry.succeeded(tenant, actor(), action, target, requestId);
    }
}
