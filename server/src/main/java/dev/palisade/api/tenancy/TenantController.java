package dev.palisade.api.tenancy;

import dev.palisade.api.idempotency.IdempotentCreation;
import dev.palisade.api.security.RequiresPermission;
import dev.palisade.api.tenancy.TenancyViews.CreatedTokenView;
import dev.palisade.api.tenancy.TenancyViews.OperatorView;
import dev.palisade.api.tenancy.TenancyViews.TenantView;
import dev.palisade.api.web.Cursors;
import dev.palisade.api.web.PageResponse;
import dev.palisade.api.web.PathIds;
import dev.palisade.tenancy.Caller;
import dev.palisade.tenancy.Permission;
import dev.palisade.tenancy.TenantCreated;
import dev.palisade.tenancy.TenantService;
import org.jspecify.annotations.Nullable;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The caller's tenant, and (for the platform tenant's administrators) every tenant. */
@RestController
class TenantController {

    private static final String LIST = "tenants";

    private final TenantService tenants;
    private final IdempotentCreation idempotent;

    TenantController(TenantService tenants, IdempotentCreation idempotent) {
        this.tenants = tenants;
        this.idempotent = idempotent;
    }

    @GetMapping("/api/v1/tenant")
    @RequiresPermission(Permission.TENANT_READ)
    TenantView current(Caller caller) {
        return TenantView.of(tenants.current(caller));
    }

    @GetMapping("/api/v1/tenants")
    @RequiresPermission(Permission.TENANTS_MANAGE)
    PageResponse<TenantView> list(
            Caller caller,
            @RequestParam(required = false) @Nullable String cursor,
            @RequestParam(required = false) @Nullable Integer limit) {
        return PageResponse.of(LIST, tenants.list(caller, Cursors.uuidKeyed(LIST, cursor, limit)), TenantView::of);
    }

    @GetMapping("/api/v1/tenants/{tenantId}")
    @RequiresPermission(Permission.TENANTS_MANAGE)
    TenantView get(Caller caller, @PathVariable String tenantId) {
        return TenantView.of(tenants.get(caller, PathIds.tenant("tenantId", tenantId)));
    }

    @PostMapping("/api/v1/tenants")
    @RequiresPermission(Permission.TENANTS_MANAGE)
    ResponseEntity<Object> create(
            Caller caller,
            @RequestBody NewTenantRequest request,
            @RequestHeader(name = IdempotentCreation.HEADER, required = false) @Nullable String idempotencyKey) {
        return idempotent.create(
                caller,
                idempotencyKey,
                "POST /api/v1/tenants",
                request,
                () -> CreatedTenantView.of(
                        tenants.create(caller, request.slug(), request.displayName(), request.adminName())),
                CreatedTenantView::redacted);
    }

    /**
     * @param adminName name of the tenant's first administrator; {@code admin} when omitted
     */
    record NewTenantRequest(
            @Nullable String slug,
            @Nullable String displayName,
            @Nullable String adminName) {}

    record CreatedTenantView(TenantView tenant, OperatorView admin, CreatedTokenView adminToken) {
        static CreatedTenantView of(TenantCreated created) {
            return new CreatedTenantView(
                    TenantView.of(created.tenant()),
                    OperatorView.of(created.admin()),
                    CreatedTokenView.of(created.adminToken()));
        }

        CreatedTenantView redacted() {
            return new CreatedTenantView(tenant, admin, adminToken.redacted());
        }
    }
}
