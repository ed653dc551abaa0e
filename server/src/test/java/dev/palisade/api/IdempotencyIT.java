package dev.palisade.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.support.ApiResponse;
import dev.palisade.support.WithServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** A creating POST retried with the same Idempotency-Key creates once and answers the same. */
class IdempotencyIT extends WithServer {

    @Test
    void retryWithTheSameKeyReplaysTheFirstResponseAndCreatesOnce() {
        TestTenant tenant = newTenant();
        Map<String, String> key = Map.of("Idempotency-Key", UUID.randomUUID().toString());
        Map<String, String> body = Map.of("name", "deployer", "role", "release-manager");

        ApiResponse first = api.post("/api/v1/operators", tenant.adminToken(), body, key);
        ApiResponse retry = api.post("/api/v1/operators", tenant.adminToken(), body, key);

        assertThat(first.status()).isEqualTo(201);
        assertThat(retry.status()).isEqualTo(201);
        assertThat(retry.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(retry.text("id")).isEqualTo(first.text("id"));
        assertThat(operatorsNamed(tenant, "deployer")).isEqualTo(1);
    }

    @Test
    void reusingAKeyForADifferentRequestIsRefused() {
        TestTenant tenant = newTenant();
        Map<String, String> key = Map.of("Idempotency-Key", UUID.randomUUID().toString());
        api.post("/api/v1/operators", tenant.adminToken(), Map.of("name", "one", "role", "viewer"), key);

        ApiResponse reused =
                api.post("/api/v1/operators", tenant.adminToken(), Map.of("name", "two", "role", "viewer"), key);

        assertThat(reused.status()).isEqualTo(409);
        assertThat(reused.code()).isEqualTo("request.idempotency-key-reused");
        assertThat(operatorsNamed(tenant, "two")).isZero();
    }

    @Test
    void aReplayedTokenCreationNeverShowsTheSecretAgain() {
        TestTenant tenant = newTenant();
        Map<String, String> key = Map.of("Idempotency-Key", UUID.randomUUID().toString());

        ApiResponse first = api.post("/api/v1/tokens", tenant.adminToken(), Map.of("name", "ci"), key);
        ApiResponse retry = api.post("/api/v1/tokens", tenant.adminToken(), Map.of("name", "ci"), key);

        assertThat(first.body().path("secret").asString()).startsWith("pal_");
        assertThat(retry.body().path("secret").isNull()).isTrue();
        assertThat(retry.body().path("token").path("id").asString())
                .isEqualTo(first.body().path("token").path("id").asString());
    }

    @Test
    void concurrentRequestsWithTheSameKeyCreateOnce() throws Exception {
        TestTenant tenant = newTenant();
        Map<String, String> key = Map.of("Idempotency-Key", UUID.randomUUID().toString());
        Map<String, String> body = Map.of("name", "racer", "role", "viewer");
        Callable<ApiResponse> create = () -> api.post("/api/v1/operators", tenant.adminToken(), body, key);

        List<ApiResponse> responses = new ArrayList<>();
        try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<ApiResponse>> futures = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                futures.add(executor.submit(create));
            }
            for (Future<ApiResponse> future : futures) {
                responses.add(future.get());
            }
        }

        assertThat(responses).allMatch(response -> response.status() == 201);
        assertThat(responses.stream().map(response -> response.text("id")).distinct())
                .hasSize(1);
        assertThat(operatorsNamed(tenant, "racer")).isEqualTo(1);
    }

    private long operatorsNamed(TestTenant tenant, String name) {
        var items = api.get("/api/v1/operators?limit=500", tenant.adminToken())
                .body()
                .path("items");
        long count = 0;
        for (var item : items) {
            if (item.path("name").asString().equals(name)) {
                count++;
            }
        }
        return count;
    }
}
