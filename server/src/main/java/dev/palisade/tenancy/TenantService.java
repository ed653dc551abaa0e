package dev.palisade.tenancy;

import dev.palisade.audit.AuditLog;
import dev.palisade.shared.Page;
import dev.palisade.shared.PageRequest;
import dev.palisade.shared.TenantId;
import dev.palisade.shared.problem.ConflictException;
import dev.palisade.shared.problem.ForbiddenException;
import dev.palisade.shared.problem.NotFoundException;
import dev.palisade.storage.TenantTransactions;
import dev.palisade.tenancy.internal.TenantFounder;
import dev.palisade.tenancy.internal.TenantRepository;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;

/**
 * Tenants. Administrators of the platform tenant create tenants, each born with an empty audit log, a first
 * administrator and that administrator's token; the creation is recorded both in the new tenant's log and in the
 * platform tenant's.
 */
@Service
public class TenantService {

    private final TenantTransactions transactions;
    private final TenantRepository tenants;
    private final TenantFounder founder;
    private final AuditLog audit;
    private final TenancySettings settings;

    TenantService(
            TenantTransactions transactions,
            TenantRepository tenants,
            TenantFounder founder,
            AuditLog audit,
            TenancySettings settings) {
        this.transactions = transactions;
        this.tenants = tenants;
        this.founder = founder;
        this.audit = audit;
        this.settings = settings;
    }

    public TenantCreated create(
            Caller caller, @Nullable String slug, @Nullable String displayName, @Nullable String adminName) {
        requirePlatformAdmin(caller);
        String validSlug = TenancyInputs.slug(slug);
        String validDisplayName = TenancyInputs.label("displayName", displayName, 200);
        String validAdminName = TenancyInputs.operatorName("adminName", adminName == null ? "admin" : adminName);
        try {
            return transactions.acrossTenants(() -> {
                if (tenants.findBySlug(validSlug).isPresent()) {
                    throw slugTaken(validSlug);
                }
                TenantCreated created = founder.found(
                        new TenantFounder.Founding(
                                validSlug,
                                validDisplayName,
                                false,
                                validAdminName,
                                "initial-admin",
                                settings.defaultTokenTtl(),
                                Map.of("createdFrom", caller.tenant().toString())),
                        caller.actor(),
                        caller.requestId());
                Tenant tenant = created.tenant();
                audit.append(
                        caller.audit("tenant.created", "tenant:" + tenant.id()).withDetails(Map.of("slug", validSlug)));
                return created;
            });
        } catch (DuplicateKeyException raced) {
            throw slugTaken(validSlug);
        }
    }

    public Page<Tenant> list(Caller caller, PageRequest page) {
        requirePlatformAdmin(caller);
        UUID after = page.after() == null ? null : UUID.fromString(page.after());
        return transactions.acrossTenants(() -> Page.fromOverfetch(
                tenants.page(after, page.limit() + 1),
                page.limit(),
                tenant -> tenant.id().toString()));
    }

    public Tenant get(Caller caller, TenantId id) {
        requirePlatformAdmin(caller);
        return transactions
                .acrossTenants(() -> tenants.find(id))
                .orElseThrow(() -> new NotFoundException("tenancy.tenant.not-found", "no such tenant"));
    }

    /** The caller's own tenant. */
    public Tenant current(Caller caller) {
        return transactions
                .readInTenant(caller.tenant(), () -> tenants.find(caller.tenant()))
                .orElseThrow(() -> new NotFoundException("tenancy.tenant.not-found", "no such tenant"));
    }

    private static void requirePlatformAdmin(Caller caller) {
        if (!caller.can(Permission.TENANTS_MANAGE)) {
            throw new ForbiddenException(
                    "auth.forbidden", "managing tenants needs an administrator of the platform tenant");
        }
    }

    private static ConflictException slugTaken(String slug) {
        return new ConflictException("tenancy.tenant.slug-taken", "a tenant with slug '" + slug + "' exists");
    }
}
