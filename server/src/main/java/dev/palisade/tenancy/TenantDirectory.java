package dev.palisade.tenancy;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
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
    /**
     * Slugs found, by slug. A tenant's slug and id never change and tenants are not deleted, so a found mapping stays
     * true; a slug not found is not remembered, so a tenant created afterwards is found at once. Every EST request of
     * every device names its tenant by slug.
     */
    private final Cache<String, TenantId> bySlug =
            Caffeine.newBuilder().maximumSize(10_000).build();

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
        TenantId known = bySlug.getIfPresent(slug);
        if (known != null) {
            return java.util.Optional.of(known);
        }
        java.util.Optional<TenantId> found =
                transactions.acrossTenants(() -> tenants.findBySlug(slug).map(Tenant::id));
        found.ifPresent(tenant -> bySlug.put(slug, tenant));
        return found;
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
