package dev.palisade.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.support.ApiResponse;
import dev.palisade.support.WithServer;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Bad input gets a 400 problem naming the field, never a stack trace, and changes nothing: the audit log and the
 * lists stay as they were.
 */
class BadInputIT extends WithServer {

    @Test
    void malformedJsonIsRefused() {
        TestTenant tenant = newTenant();

        ApiResponse response = refusedWithoutChange(tenant, "{\"name\": \"ci\", ");

        assertThat(response.code()).isEqualTo("request.malformed-json");
    }

    @Test
    void unknownFieldIsRefusedByName() {
        TestTenant tenant = newTenant();

        ApiResponse response = refusedWithoutChange(tenant, "{\"name\": \"ci\", \"admin\": true}");

        assertThat(response.code()).isEqualTo("request.unknown-field");
        assertThat(response.text("field")).isEqualTo("admin");
    }

    @Test
    void wrongTypeIsRefusedByName() {
        TestTenant tenant = newTenant();

        ApiResponse number = refusedWithoutChange(tenant, "{\"name\": 42}");
        ApiResponse object = refusedWithoutChange(tenant, "{\"name\": \"ci\", \"expiresIn\": {\"days\": 3}}");

        assertThat(number.code()).isEqualTo("request.wrong-type");
        assertThat(number.text("field")).isEqualTo("name");
        assertThat(object.text("field")).isEqualTo("expiresIn");
    }

    @Test
    void invalidValuesAreRefusedByName() {
        TestTenant tenant = newTenant();

        ApiResponse missingName = refusedWithoutChange(tenant, "{}");
        ApiResponse badRole = refusedWithoutChange(tenant, "{\"name\": \"ci\", \"role\": \"root\"}");
        ApiResponse badDuration = refusedWithoutChange(tenant, "{\"name\": \"ci\", \"expiresIn\": \"forever\"}");
        ApiResponse tooLong = refusedWithoutChange(tenant, "{\"name\": \"ci\", \"expiresIn\": \"P9999D\"}");

        assertThat(missingName.text("field")).isEqualTo("name");
        assertThat(badRole.text("field")).isEqualTo("role");
        assertThat(badDuration.text("field")).isEqualTo("expiresIn");
        assertThat(tooLong.text("field")).isEqualTo("expiresIn");
    }

    @Test
    void oversizedBodyIsRefusedBeforeItIsRead() {
        TestTenant tenant = newTenant();
        String huge = "{\"name\": \"" + "x".repeat(200_000) + "\"}";

        ApiResponse response = refusedWithoutChange(tenant, huge);

        assertThat(response.code()).isEqualTo("request.too-large");
    }

    @Test
    void oversizedChunkedBodyIsRefusedWhileStreaming() throws Exception {
        TestTenant tenant = newTenant();
        long before = auditSize(tenant);
        byte[] huge = ("{\"name\": \"" + "x".repeat(200_000) + "\"}").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest.newBuilder(api.uri("/api/v1/tokens"))
                .header("Authorization", "Bearer " + tenant.adminToken())
                .header("Content-Type", "application/json")
                // a publisher of unknown length makes the client send the body chunked, without Content-Length
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(huge)))
                .build();

        HttpResponse<String> response = api.http().send(request, HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("request.too-large");
        assertThat(auditSize(tenant)).isEqualTo(before);
    }

    @Test
    void badCursorsAndLimitsAreRefusedByName() {
        TestTenant tenant = newTenant();

        ApiResponse garbage = api.get("/api/v1/operators?cursor=!!!", tenant.adminToken());
        ApiResponse otherList = api.get("/api/v1/operators?cursor=" + cursorOfAnotherList(tenant), tenant.adminToken());
        ApiResponse limit = api.get("/api/v1/operators?limit=100000", tenant.adminToken());
        ApiResponse notANumber = api.get("/api/v1/operators?limit=ten", tenant.adminToken());

        assertThat(garbage.status()).isEqualTo(400);
        assertThat(garbage.text("field")).isEqualTo("cursor");
        assertThat(otherList.status()).isEqualTo(400);
        assertThat(otherList.code()).isEqualTo("request.invalid-cursor");
        assertThat(limit.text("field")).isEqualTo("limit");
        assertThat(notANumber.text("field")).isEqualTo("limit");
    }

    @Test
    void malformedIdentifiersInPathsAreRefusedByName() {
        TestTenant tenant = newTenant();

        ApiResponse response = api.get("/api/v1/operators/not-a-uuid", tenant.adminToken());

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.text("field")).isEqualTo("operatorId");
    }

    @Test
    void unknownPathsAndMethodsAnswerWithProblemsToo() {
        TestTenant tenant = newTenant();

        ApiResponse noSuchPath = api.get("/api/v1/no-such-thing", tenant.adminToken());
        ApiResponse wrongMethod = api.call("DELETE", "/api/v1/tenant", tenant.adminToken());
        ApiResponse outsideTheApi = api.get("/index.html", null);

        assertThat(noSuchPath.status()).isEqualTo(404);
        assertThat(noSuchPath.code()).isEqualTo("request.not-found");
        assertThat(wrongMethod.status()).isEqualTo(405);
        assertThat(outsideTheApi.status()).isEqualTo(404);
        assertThat(outsideTheApi.header("Content-Type")).startsWith("application/problem+json");
    }

    @Test
    void pagingWalksAListWithCursors() {
        TestTenant tenant = newTenant();
        for (int i = 0; i < 3; i++) {
            newOperator(tenant, "viewer");
        }

        ApiResponse first = api.get("/api/v1/operators?limit=2", tenant.adminToken());
        ApiResponse second =
                api.get("/api/v1/operators?limit=2&cursor=" + first.text("nextCursor"), tenant.adminToken());

        assertThat(first.body().path("items").size()).isEqualTo(2);
        assertThat(second.body().path("items").size()).isEqualTo(2);
        assertThat(second.body().path("nextCursor").isNull()).isTrue();
        assertThat(second.body().path("items").get(0).path("id").asString())
                .isNotEqualTo(first.body().path("items").get(1).path("id").asString());
    }

    private String cursorOfAnotherList(TestTenant tenant) {
        newOperator(tenant, "viewer");
        newOperator(tenant, "viewer");
        return api.get("/api/v1/tokens?limit=1", tenant.adminToken()).text("nextCursor");
    }

    /** Posts a token request, expects 400, and checks that nothing changed. */
    private ApiResponse refusedWithoutChange(TestTenant tenant, String body) {
        long auditBefore = auditSize(tenant);
        int tokensBefore = api.get("/api/v1/tokens", tenant.adminToken())
                .body()
                .path("items")
                .size();

        ApiResponse response = api.postRaw("/api/v1/tokens", tenant.adminToken(), body, Map.of());

        assertThat(response.status()).as(response.rawBody()).isEqualTo(400);
        assertThat(response.rawBody()).doesNotContain("Exception").doesNotContain("at dev.palisade");
        assertThat(auditSize(tenant)).isEqualTo(auditBefore);
        assertThat(api.get("/api/v1/tokens", tenant.adminToken())
                        .body()
                        .path("items")
                        .size())
                .isEqualTo(tokensBefore);
        return response;
    }

    private long auditSize(TestTenant tenant) {
        return api.get("/api/v1/audit/checkpoints/latest", tenant.adminToken())
                .body()
                .path("treeSize")
                .asLong();
    }
}
