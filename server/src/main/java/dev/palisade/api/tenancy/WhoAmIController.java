package dev.palisade.api.tenancy;

import dev.palisade.api.security.PermissionNames;
import dev.palisade.api.security.RequiresPermission;
import dev.palisade.api.tenancy.TenancyViews.TenantView;
import dev.palisade.tenancy.Caller;
import dev.palisade.tenancy.Permission;
import dev.palisade.tenancy.TenantService;
import java.util.Arrays;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** Tells callers who they are and what they may do. */
@RestController
class WhoAmIController {

    private final TenantService tenants;

    WhoAmIController(TenantService tenants) {
        this.tenants = tenants;
    }

    @GetMapping("/api/v1/whoami")
    @RequiresPermission(Permission.TENANT_READ)
    WhoAmI whoAmI(Caller caller) {
        List<String> permissions = Arrays.stream(Permission.values())
                .filter(caller::can)
                .map(PermissionNames::of)
                .toList();
        return new WhoAmI(
                TenantView.of(tenants.current(caller)),
                caller.operator().toString(),
                caller.operatorName(),
                caller.token().toString(),
                caller.role().wireName(),
                permissions);
    }

    record WhoAmI(
            TenantView tenant,
            String operatorId,
            String operatorName,
            String tokenId,
            String role,
            List<String> permissions) {}
}
