package dev.palisade.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.support.ApiResponse;
import dev.palisade.support.Superuser;
import dev.palisade.support.WithServer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Every way of not being authenticated looks the same from outside, and leaves no trace in the audit log. */
class AuthenticationIT extends WithServer {

    @Test
    void missingMalformedWrongExpiredRevokedAndDisabledTokensAreIndistinguishable() throws Exception {
        TestTenant tenant = newTenant();
        TestOperator revoked = newOperator(tenant, "viewer");
        api.post("/api/v1/tokens/" + revoked.tokenId() + "/revoke", tenant.adminToken(), Map.of());
        TestOperator expired = newOperator(tenant, "viewer");
        try (Connection superuser = Superuser.connect(dataSource, DATA_DIR);
                PreparedStatement past = superuser.prepareStatement(
                        "update api_token set expires_at = now() - interval '1 second' where id = ?")) {
            past.setObject(1, UUID.fromString(expired.tokenId()));
            past.executeUpdate();
        }
        TestOperator disabled = newOperator(tenant, "viewer");
        api.patch("/api/v1/operators/" + disabled.id(), tenant.adminToken(), Map.of("disabled", true));
        String wrongSecret = revoked.token().substring(0, 48) + "A".repeat(43);

        List<ApiResponse> refusals = new ArrayList<>();
        refusals.add(api.get("/api/v1/whoami", null));
        refusals.add(api.get("/api/v1/whoami", "not-a-token"));
        refusals.add(api.get("/api/v1/whoami", wrongSecret));
        refusals.add(api.get("/api/v1/whoami", revoked.token()));
        refusals.add(api.get("/api/v1/whoami", expired.token()));
        refusals.add(api.get("/api/v1/whoami", disabled.token()));

        for (ApiResponse refusal : refusals) {
            assertThat(refusal.status()).isEqualTo(401);
            assertThat(refusal.code()).isEqualTo("auth.unauthenticated");
            assertThat(refusal.text("detail")).isEqualTo("a valid API token is required");
            assertThat(refusal.header("WWW-Authenticate")).startsWith("Bearer");
            assertThat(refusal.body().propertyNames())
                    .containsExactlyInAnyOrder("type", "title", "status", "detail", "instance", "code", "requestId");
        }
    }

    @Test
    void revokedTokenStopsWorkingOnTheNextRequest() {
        TestTenant tenant = newTenant();
        TestOperator operator = newOperator(tenant, "auditor");
        assertThat(api.get("/api/v1/whoami", operator.token()).status()).isEqualTo(200);

        ApiResponse revoke = api.post("/api/v1/tokens/" + operator.tokenId() + "/revoke", operator.token(), Map.of());

        assertThat(revoke.status()).isEqualTo(200);
        assertThat(revoke.text("revokedAt")).isNotBlank();
        assertThat(api.get("/api/v1/whoami", operator.token()).status()).isEqualTo(401);
    }

    @Test
    void tokensAreStoredOnlyAsHashes() throws Exception {
        TestTenant tenant = newTenant();
        TestOperator operator = newOperator(tenant, "viewer");
        String secretPart = operator.token().substring(48);

        try (Connection superuser = Superuser.connect(dataSource, DATA_DIR);
                PreparedStatement dump = superuser.prepareStatement(
                        "select t::text from api_token t union all select i::text from idempotency_key i"
                                + " union all select r::text from audit_record r")) {
            var rows = dump.executeQuery();
            while (rows.next()) {
                assertThat(rows.getString(1)).doesNotContain(secretPart).doesNotContain(operator.token());
            }
        }
    }

    @Test
    void anOperatorCannotMintATokenStrongerThanItsOwnRole() {
        TestTenant tenant = newTenant();
        TestOperator viewer = newOperator(tenant, "viewer");

        ApiResponse response = api.post("/api/v1/tokens", viewer.token(), Map.of("name", "escalate", "role", "admin"));

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.code()).isEqualTo("tenancy.token.role-too-strong");
        assertThat(response.text("field")).isEqualTo("role");
    }

    @Test
    void aWeakerTokenOfAnAdministratorCannotMintAnAdministratorToken() {
        TestTenant tenant = newTenant();
        ApiResponse weak =
                api.post("/api/v1/tokens", tenant.adminToken(), Map.of("name", "read-only", "role", "viewer"));
        String weakToken = weak.body().path("secret").asString();

        ApiResponse response = api.post("/api/v1/tokens", weakToken, Map.of("name", "escalate", "role", "admin"));

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.code()).isEqualTo("tenancy.token.role-too-strong");
    }

    @Test
    void loweringAnOperatorsRoleRevokesTokensTheNewRoleNoLongerCovers() {
        TestTenant tenant = newTenant();
        TestOperator operator = newOperator(tenant, "auditor");

        ApiResponse demoted =
                api.patch("/api/v1/operators/" + operator.id(), tenant.adminToken(), Map.of("role", "viewer"));

        assertThat(demoted.status()).isEqualTo(200);
        assertThat(demoted.text("role")).isEqualTo("viewer");
        assertThat(api.get("/api/v1/whoami", operator.token()).status()).isEqualTo(401);
    }

    @Test
    void theLastAdministratorCannotBeDisabledOrDemoted() {
        TestTenant tenant = newTenant();

        ApiResponse disable =
                api.patch("/api/v1/operators/" + tenant.adminId(), tenant.adminToken(), Map.of("disabled", true));
        ApiResponse demote =
                api.patch("/api/v1/operators/" + tenant.adminId(), tenant.adminToken(), Map.of("role", "viewer"));

        assertThat(disable.status()).isEqualTo(409);
        assertThat(disable.code()).isEqualTo("tenancy.operator.last-admin");
        assertThat(demote.code()).isEqualTo("tenancy.operator.last-admin");
        assertThat(api.get("/api/v1/whoami", tenant.adminToken()).status()).isEqualTo(200);
    }
}
