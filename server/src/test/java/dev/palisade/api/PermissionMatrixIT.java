package dev.palisade.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.support.ApiResponse;
import dev.palisade.support.DeviceKeys;
import dev.palisade.support.Endpoints;
import dev.palisade.support.Endpoints.Endpoint;
import dev.palisade.support.WithServer;
import dev.palisade.tenancy.Permission;
import dev.palisade.tenancy.Role;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/** Every endpoint, called by every role: refused with 403 exactly when the role lacks the endpoint's permission. */
class PermissionMatrixIT extends WithServer {

    @Autowired
    RequestMappingHandlerMapping mapping;

    @Test
    void everyEndpointDeclaresAPermission() {
        List<Endpoint> undeclared = Endpoints.of(mapping).stream()
                .filter(endpoint -> endpoint.permission() == null)
                .toList();

        assertThat(undeclared).isEmpty();
    }

    @Test
    void rolesOfAnOrdinaryTenantGetExactlyTheirPermissions() {
        TestTenant tenant = newTenant();

        checkMatrix(tenant, false);
    }

    @Test
    void rolesOfThePlatformTenantGetExactlyTheirPermissionsIncludingTenantManagementForAdmins() {
        var platform =
                new TestTenant(api.get("/api/v1/tenant", platformToken).text("id"), "default", "", platformToken);

        checkMatrix(platform, true);
    }

    private void checkMatrix(TestTenant tenant, boolean platform) {
        Map<Role, TestOperator> operators = new EnumMap<>(Role.class);
        for (Role role : Role.values()) {
            operators.put(role, newOperator(tenant, role.wireName()));
        }
        TestOperator sacrificial = newOperator(tenant, "viewer");
        String device = "matrix-" + java.util.UUID.randomUUID().toString().substring(0, 8);
        api.post("/api/v1/devices", tenant.adminToken(), Map.of("id", device));
        ApiResponse certificate = api.post(
                "/api/v1/devices/" + device + "/certificates",
                tenant.adminToken(),
                Map.of("csr", DeviceKeys.requestPem(device)));
        if (certificate.status() != 201) {
            throw new IllegalStateException("cannot issue a certificate: " + certificate.rawBody());
        }
        // a pending CA: the matrix's revoke and retire calls must not take down the tenant's active CA
        String pending = pendingCa(tenant.adminToken());
        api.putRaw("/api/v1/policies/matrix", tenant.adminToken(), """
                {"statements": [{"effect": "Allow", "actions": ["connect"], "resources": ["${device.id}"]}]}""", Map.of());
        Map<String, String> ids = Map.ofEntries(
                // ids nobody has: allowed roles get 404, which still shows they got past the permission check
                Map.entry("artifactId", java.util.UUID.randomUUID().toString()),
                Map.entry("releaseId", java.util.UUID.randomUUID().toString()),
                Map.entry("rolloutId", java.util.UUID.randomUUID().toString()),
                Map.entry("claimId", java.util.UUID.randomUUID().toString()),
                Map.entry("name", "matrix"),
                Map.entry("kind", "group"),
                Map.entry("target", "meters"),
                Map.entry("tenantId", tenant.id()),
                Map.entry("operatorId", sacrificial.id()),
                Map.entry("tokenId", sacrificial.tokenId()),
                Map.entry("deviceId", device),
                Map.entry("caId", pending),
                Map.entry("serial", certificate.text("serial")),
                Map.entry("model", "meter-v2"),
                Map.entry("release", "1.0.0"),
                Map.entry("index", "0"),
                Map.entry("treeSize", "1"),
                Map.entry("manufacturer", "acme"),
                Map.entry("recallKind", "device"),
                Map.entry("role", "config"),
                Map.entry("recallValue", device));

        for (Endpoint endpoint : Endpoints.of(mapping)) {
            for (Role role : Role.values()) {
                Permission permission = endpoint.permission();
                boolean allowed = permission != null
                        && role.permits(permission)
                        && (permission != Permission.TENANTS_MANAGE || platform);
                String query = endpoint.pattern().endsWith("/consistency-proof") ? "?from=1&to=1" : "";

                ApiResponse response = api.call(
                        endpoint.method(),
                        endpoint.path(ids) + query,
                        java.util.Objects.requireNonNull(operators.get(role)).token());

                if (allowed) {
                    assertThat(response.code()).as(role + " on " + endpoint).isNotEqualTo("auth.forbidden");
                } else {
                    assertThat(response.status()).as(role + " on " + endpoint).isEqualTo(403);
                    assertThat(response.code()).as(role + " on " + endpoint).isEqualTo("auth.forbidden");
                }
            }
        }
    }

    /** The tenant's pending CA; the platform tenant keeps the one an earlier run introduced. */
    private String pendingCa(String adminToken) {
        for (var ca : api.get("/api/v1/ca", adminToken).body()) {
            if (ca.path("status").asString().equals("pending")) {
                return ca.path("id").asString();
            }
        }
        return api.post("/api/v1/ca", adminToken, Map.of()).text("id");
    }
}
