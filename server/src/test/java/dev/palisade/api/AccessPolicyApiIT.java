package dev.palisade.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.support.ApiResponse;
import dev.palisade.support.WithServer;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Access policies over the API: a refused document answers 400 naming where the error is, and changes nothing;
 * versions, attachments, lint findings and concurrent edits behave as an operator expects.
 */
class AccessPolicyApiIT extends WithServer {

    private static final String TELEMETRY = """
            {"statements": [
              {"effect": "Allow", "actions": ["connect"], "resources": ["${device.id}"]},
              {"effect": "Allow", "actions": ["publish"], "resources": ["devices/${device.id}/telemetry/#"]}]}""";

    private String token;

    @BeforeEach
    void tenant() {
        token = newTenant().adminToken();
    }

    @Test
    void malformedDocumentsAreRefusedWithTheirPositionAndThePolicyIsUnchanged() {
        assertThat(put("meters", TELEMETRY).status()).isEqualTo(201);

        ApiResponse unknownAction = put("meters", """
                {"statements": [
                  {"effect": "Allow", "actions": ["publsh"], "resources": ["devices/${device.id}/x"]}]}""");
        ApiResponse badPattern = put("meters", """
                {"statements": [{"effect": "Allow", "actions": ["publish"], "resources": ["devices/#/x"]}]}""");
        ApiResponse notJson = put("meters", "{\"statements\": [");
        ApiResponse unknownMember = put("meters", """
                {"statements": [{"effect": "Allow", "actions": ["publish"], "resources": ["a"], "when": {}}]}""");

        assertThat(unknownAction.status()).isEqualTo(400);
        assertThat(unknownAction.code()).isEqualTo("policy.document.unknown-action");
        assertThat(unknownAction.text("pointer")).isEqualTo("/statements/0/actions/0");
        assertThat(unknownAction.body().path("line").asInt()).isEqualTo(2);
        assertThat(unknownAction.body().path("column").asInt()).isPositive();
        assertThat(badPattern.status()).isEqualTo(400);
        assertThat(badPattern.text("pointer")).isEqualTo("/statements/0/resources/0");
        assertThat(badPattern.body().path("patternOffset").asInt()).isEqualTo(8);
        assertThat(notJson.status()).isEqualTo(400);
        assertThat(notJson.body().path("line").asInt()).isEqualTo(1);
        assertThat(unknownMember.status()).isEqualTo(400);
        assertThat(unknownMember.text("pointer")).isEqualTo("/statements/0/when");
        ApiResponse current = api.get("/api/v1/policies/meters", token);
        assertThat(current.body().path("policy").path("version").asInt()).isEqualTo(1);
        assertThat(api.get("/api/v1/policies/meters/versions", token).body().path("versions"))
                .hasSize(1);
    }

    @Test
    void versionsAttachmentsAndConcurrentEdits() {
        assertThat(put("meters", TELEMETRY).status()).isEqualTo(201);
        assertThat(put("meters", TELEMETRY).body().path("changed").asBoolean())
                .as("the same document again is no new version")
                .isFalse();

        ApiResponse stale = api.putRaw(
                "/api/v1/policies/meters", token, TELEMETRY.replace("telemetry", "data"), Map.of("If-Match", "\"7\""));
        assertThat(stale.status()).isEqualTo(409);
        assertThat(stale.code()).isEqualTo("accesspolicy.version-mismatch");

        assertThat(api.put("/api/v1/policies/meters/attachments/group/north", token, Map.of())
                        .status())
                .isEqualTo(201);
        assertThat(api.put("/api/v1/policies/meters/attachments/group/north", token, Map.of())
                        .status())
                .as("attaching twice")
                .isEqualTo(200);
        assertThat(api.put("/api/v1/policies/meters/attachments/group/no+wildcards", token, Map.of())
                        .status())
                .isEqualTo(400);
        assertThat(api.put("/api/v1/policies/meters/attachments/planet/earth", token, Map.of())
                        .status())
                .isEqualTo(400);
        assertThat(api.put("/api/v1/policies/missing/attachments/group/north", token, Map.of())
                        .status())
                .isEqualTo(404);

        ApiResponse attachedDelete = api.call("DELETE", "/api/v1/policies/meters", token);
        assertThat(attachedDelete.status()).isEqualTo(409);
        assertThat(attachedDelete.code()).isEqualTo("accesspolicy.attached");

        assertThat(api.call("DELETE", "/api/v1/policies/meters/attachments/group/north", token)
                        .status())
                .isEqualTo(204);
        assertThat(api.call("DELETE", "/api/v1/policies/meters", token).status())
                .isEqualTo(204);
        assertThat(api.get("/api/v1/policies/meters", token).status()).isEqualTo(404);
        assertThat(api.get("/api/v1/policies/meters?version=1", token).status())
                .as("older versions stay readable")
                .isEqualTo(200);
        assertThat(api.get("/api/v1/policies/meters/versions", token)
                        .body()
                        .path("versions")
                        .get(0)
                        .path("deleted")
                        .asBoolean())
                .isTrue();
        assertThat(api.get("/api/v1/policies", token).body().path("policies")).isEmpty();
    }

    @Test
    void lintFindingsComeWithTheSaveAndOnTheirOwn() {
        String broad = """
                {"statements": [{"effect": "Allow", "actions": ["subscribe", "receive"], "resources": ["#"]}]}""";

        ApiResponse saved = put("everything", broad);
        ApiResponse linted = api.postRaw("/api/v1/policy-lint", token, broad, Map.of());

        assertThat(saved.status()).isEqualTo(201);
        assertThat(saved.body().path("lint")).isNotEmpty();
        assertThat(saved.body().path("lint").get(0).path("severity").asString()).isEqualTo("warning");
        assertThat(linted.status()).isEqualTo(200);
        assertThat(linted.body().path("findings").get(0).path("pointer").asString())
                .isEqualTo("/statements/0/resources/0");
        assertThat(api.postRaw("/api/v1/policy-lint", token, "[]", Map.of()).status())
                .isEqualTo(400);
    }

    @Test
    void viewersMayReadButNotChangePolicies() {
        var tenant = newTenant();
        var viewer = newOperator(tenant, "auditor");
        assertThat(api.putRaw("/api/v1/policies/meters", tenant.adminToken(), TELEMETRY, Map.of())
                        .status())
                .isEqualTo(201);

        assertThat(api.get("/api/v1/policies/meters", viewer.token()).status()).isEqualTo(200);
        assertThat(api.putRaw("/api/v1/policies/meters", viewer.token(), TELEMETRY, Map.of())
                        .status())
                .isEqualTo(403);
        assertThat(api.get("/api/v1/policies/meters", token).status())
                .as("another tenant's policy")
                .isEqualTo(404);
    }

    private ApiResponse put(String name, String document) {
        return api.putRaw("/api/v1/policies/" + name, token, document, Map.of());
    }
}
