package dev.palisade.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.support.ApiResponse;
import dev.palisade.support.DeviceKeys;
import dev.palisade.support.Endpoints;
import dev.palisade.support.Endpoints.Endpoint;
import dev.palisade.support.Manufacturing;
import dev.palisade.support.TestApi;
import dev.palisade.support.WithServer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Calls every endpoint of the API with another tenant's administrator token, aimed at this tenant's resources: the
 * caller gets 403 or 404, never the data, and nothing changes.
 */
class CrossTenantIT extends WithServer {

    @Autowired
    RequestMappingHandlerMapping mapping;

    @Test
    void everyEndpointRefusesToShowOrChangeAnotherTenantsResources() throws Exception {
        TestTenant victim = newTenant();
        TestOperator victimOperator = newOperator(victim, "viewer");
        TestTenant intruder = newTenant();
        String victimDevice = "victim-" + java.util.UUID.randomUUID().toString().substring(0, 8);
        api.post("/api/v1/devices", victim.adminToken(), Map.of("id", victimDevice));
        ApiResponse certificate = api.post(
                "/api/v1/devices/" + victimDevice + "/certificates",
                victim.adminToken(),
                Map.of("csr", DeviceKeys.requestPem(victimDevice)));
        if (certificate.status() != 201) {
            throw new IllegalStateException("cannot issue a certificate: " + certificate.rawBody());
        }
        String policy = """
                {"statements": [{"effect": "Allow", "actions": ["connect"], "resources": ["${device.id}"]}]}""";
        api.putRaw("/api/v1/policies/victim-policy", victim.adminToken(), policy, Map.of());
        api.put("/api/v1/policies/victim-policy/attachments/group/meters", victim.adminToken(), Map.of());
        api.put(
                "/api/v1/attestation/references/meter-v2/1.0.0",
                victim.adminToken(),
                Map.of("pcrs", Map.of("sha256", Map.of("7", "00".repeat(32)))));
        api.put(
                "/api/v1/devices/" + victimDevice + "/endorsement-key",
                victim.adminToken(),
                Map.of("sha256", "5a".repeat(32)));
        var factory = new Manufacturing(
                Path.of("target/manufacturing", java.util.UUID.randomUUID().toString()), "acme");
        if (api.post("/api/v1/manufacturers", victim.adminToken(), factory.registration())
                        .status()
                != 201) {
            throw new IllegalStateException("cannot register a manufacturer");
        }
        ApiResponse victimClaim = api.post(
                "/api/v1/provisioning/claims",
                victim.adminToken(),
                Map.of(
                        "manufacturer", "acme",
                        "serial", "SN-VICTIM-1",
                        "code", "K7QM-2X9D-4HRT-B6WN-P3JC",
                        "model", "meter-v2"));
        if (victimClaim.status() != 201) {
            throw new IllegalStateException("cannot create a claim: " + victimClaim.rawBody());
        }
        String victimArtifact = TestApi.JSON
                .readTree(api.http()
                        .send(
                                java.net.http.HttpRequest.newBuilder(api.uri("/api/v1/ota/artifacts?name=victim.bin"))
                                        .header("Authorization", "Bearer " + victim.adminToken())
                                        .header("Content-Type", "application/octet-stream")
                                        .POST(java.net.http.HttpRequest.BodyPublishers.ofString("victim firmware"))
                                        .build(),
                                java.net.http.HttpResponse.BodyHandlers.ofString())
                        .body())
                .path("id")
                .asString();
        String victimRelease = api.post(
                        "/api/v1/ota/releases",
                        victim.adminToken(),
                        Map.of(
                                "model", "meter-v2",
                                "hardwareRevision", "r1",
                                "version", "1.0.0",
                                "tier", "application",
                                "securityVersion", 1,
                                "artifactId", victimArtifact))
                .text("id");
        String victimRollout = rolloutOf(victim.adminToken(), victimDevice, victimArtifact);
        Map<String, String> victimIds = Map.ofEntries(
                Map.entry("rolloutId", victimRollout),
                Map.entry("claimId", victimClaim.text("id")),
                Map.entry("artifactId", victimArtifact),
                Map.entry("releaseId", victimRelease),
                Map.entry("name", "victim-policy"),
                Map.entry("kind", "group"),
                Map.entry("target", "meters"),
                Map.entry("tenantId", victim.id()),
                Map.entry("operatorId", victimOperator.id()),
                Map.entry("tokenId", victimOperator.tokenId()),
                Map.entry("deviceId", victimDevice),
                Map.entry("caId", certificate.text("issuer")),
                Map.entry("serial", certificate.text("serial")),
                Map.entry("model", "meter-v2"),
                Map.entry("release", "1.0.0"),
                Map.entry("index", "0"),
                Map.entry("treeSize", "1"),
                Map.entry("manufacturer", "acme"),
                Map.entry("recallKind", "device"),
                Map.entry("role", "config"),
                Map.entry("recallValue", victimDevice));
        long victimAuditSize = auditSize(victim.adminToken());
        List<Endpoint> endpoints = Endpoints.of(mapping);

        for (Endpoint endpoint : endpoints) {
            String path = endpoint.path(victimIds) + queryFor(endpoint);
            ApiResponse response = api.call(endpoint.method(), path, intruder.adminToken());

            if (namesAResource(endpoint)) {
                assertThat(response.status())
                        .as(endpoint + " aimed at another tenant")
                        .isIn(403, 404);
            }
            // a problem's "instance" echoes the path the caller sent, ids included; the rest must not leak anything
            String revealed = response.rawBody().replace(path, "");
            assertThat(revealed)
                    .as(endpoint + " must not reveal the other tenant")
                    .doesNotContain(
                            victim.id(),
                            victim.slug(),
                            victimOperator.id(),
                            victimOperator.tokenId(),
                            victimOperator.name());
        }

        assertThat(endpoints).hasSizeGreaterThanOrEqualTo(17);
        assertThat(api.get("/api/v1/whoami", victimOperator.token()).status())
                .as("the victim's token still works")
                .isEqualTo(200);
        assertThat(auditSize(victim.adminToken()))
                .as("nothing was recorded in the victim's log")
                .isEqualTo(victimAuditSize);
        ApiResponse victimPolicy = api.get("/api/v1/policies/victim-policy", victim.adminToken());
        assertThat(victimPolicy.body().path("policy").path("version").asInt())
                .as("the victim's policy is as it was")
                .isEqualTo(1);
        assertThat(victimPolicy.body().path("policy").path("attachedTo")).hasSize(1);
        assertThat(api.get("/api/v1/attestation/references/meter-v2/1.0.0", victim.adminToken())
                        .status())
                .as("the victim's reference values are as they were")
                .isEqualTo(200);
        assertThat(api.get("/api/v1/ota/releases/" + victimRelease, victim.adminToken())
                        .text("state"))
                .as("the victim's release is still a draft")
                .isEqualTo("draft");
        assertThat(api.get("/api/v1/ota/rollouts/" + victimRollout, victim.adminToken())
                        .text("state"))
                .as("the victim's rollout is still running")
                .isEqualTo("running");
    }

    /** A running rollout of a published release to the victim's device (not connected: it is never offered it). */
    private String rolloutOf(String token, String device, String artifact) {
        ApiResponse labelled = api.patch(
                "/api/v1/devices/" + device,
                token,
                Map.of(
                        "groups",
                        List.of("meters"),
                        "attributes",
                        Map.of("model", "meter-v2", "hardwareRevision", "r1")));
        ApiResponse release = api.post(
                "/api/v1/ota/releases",
                token,
                Map.of(
                        "model", "meter-v2",
                        "hardwareRevision", "r1",
                        "version", "1.1.0",
                        "tier", "application",
                        "securityVersion", 1,
                        "artifactId", artifact));
        ApiResponse published = api.post("/api/v1/ota/releases/" + release.text("id") + "/publish", token, Map.of());
        ApiResponse rollout = api.post(
                "/api/v1/ota/rollouts",
                token,
                Map.of("releaseId", release.text("id"), "group", "meters", "rings", List.of(100), "onBreach", "pause"));
        if (labelled.status() != 200 || published.status() != 200 || rollout.status() != 201) {
            throw new IllegalStateException(
                    "cannot start a rollout: " + labelled.rawBody() + published.rawBody() + rollout.rawBody());
        }
        return rollout.text("id");
    }

    /** Endpoints that name a resource by id; audit indexes name positions in the caller's own log instead. */
    private static boolean namesAResource(Endpoint endpoint) {
        return endpoint.pattern().contains("{operatorId}")
                || endpoint.pattern().contains("{deviceId}")
                || endpoint.pattern().contains("{tokenId}")
                || endpoint.pattern().contains("{tenantId}")
                || endpoint.pattern().contains("{caId}")
                || endpoint.pattern().contains("{manufacturer}")
                || endpoint.pattern().contains("{artifactId}")
                || endpoint.pattern().contains("{releaseId}")
                || endpoint.pattern().contains("{rolloutId}")
                || (endpoint.pattern().contains("{name}") && !endpoint.method().equals("PUT"));
    }

    private long auditSize(String token) {
        return api.get("/api/v1/audit/checkpoints/latest", token)
                .body()
                .path("treeSize")
                .asLong();
    }

    private static String queryFor(Endpoint endpoint) {
        return endpoint.pattern().endsWith("/consistency-proof") ? "?from=1&to=2" : "";
    }
}
