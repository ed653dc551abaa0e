package dev.palisade.tenancy;

import dev.palisade.shared.TenantId;
import dev.palisade.storage.TenantTransactions;
import dev.palisade.tenancy.internal.TenantRepository;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Service;

/** Every tenant's id, for Palisade's own housekeeping jobs that run once per tenant; not for callers' requests. */
@Service
public class TenantDirectory {

    private static final int BATCH = 500;

    private final TenantTransactions transactions;
    private final TenantRepository tenants;

    TenantDirectory(TenantTransactions transactions, TenantRepository tenants) {
        this.transactions = transactions;
        this.tenants = tenants;
    }

    /** The platform tenant, once the first start created it. */
    public java.util.Optional<TenantId> platform() {
        return transactions.acrossTenants(() -> tenants.findPlatform().map(Tenant::id));
    }

    /** The tenant with {@code slug}, for endpoints that name tenants by slug (EST labels, for one). */
    public java.util.Optional<TenantId> bySlug(String slug) {
        return transactions.acrossTenants(() -> tenants.findBySlug(slug).map(Tenant::id));
    }

    public List<TenantId> all() {
        return transactions.acrossTenants(() -> {
            List<TenantId> ids = new ArrayList<>();
            UUID after = null;
            List<Tenant> batch;
            do {
                batch = tenants.page(after, BATCH);
                batch.forEach(tenant -> ids.add(tenant.id()));
                after = batch.isEmpty() ? after : batch.getLast().id().value();
            } while (batch.size() == BATCH);
            return ids;
        });
    }
}
