package dev.palisade.accesspolicy;

import dev.palisade.shared.TenantId;
import java.util.Set;

/**
 * Published in the transaction that saves, deletes, attaches or detaches a tenant's policies. The broker reloads the
 * tenant's policies from {@link AccessPolicies#snapshot} after the commit and recompiles the sessions they touch.
 *
 * @param policies the names of the policies changed
 */
public record AccessPoliciesChanged(TenantId tenant, Set<String> policies) {

    public AccessPoliciesChanged {
        policies = Set.copyOf(policies);
    }
}
