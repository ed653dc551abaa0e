package dev.palisade.ota;

import dev.palisade.support.ApiResponse;
import dev.palisade.support.TestApi;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;

/** Uploads and releases through the operator API, as an operator's tool would send them. */
final class OtaClient {

    private final TestApi api;
    private final String token;

    OtaClient(TestApi api, String token) {
        this.api = api;
        this.token = token;
    }

    /** Content of {@code size} bytes that no other test produces. */
    static byte[] content(int size) {
        byte[] bytes = new byte[size];
        new SecureRandom().nextBytes(bytes);
        return bytes;
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Uploads with a Content-Length. */
    ApiResponse upload(byte[] content, Map<String, String> query) {
        return send(query, HttpRequest.BodyPublishers.ofByteArray(content));
    }

    /** Uploads chunked, without a Content-Length: the server learns the size only by reading. */
    ApiResponse uploadStreamed(byte[] content, Map<String, String> query) {
        return send(query, HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(content)));
    }

    /** Uploads {@code content} as an artifact named {@code name}; fails unless it is stored. */
    String artifact(String name, byte[] content) {
        ApiResponse uploaded = upload(content, Map.of("name", name, "sha256", sha256(content)));
        if (uploaded.status() != 201 && uploaded.status() != 200) {
            throw new IllegalStateException("upload refused: " + uploaded.rawBody());
        }
        return uploaded.text("id");
    }

    ApiResponse createRelease(
            String model, String hardwareRevision, String version, String tier, long securityVersion, String artifact) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("model", model);
        body.put("hardwareRevision", hardwareRevision);
        body.put("version", version);
        body.put("tier", tier);
        body.put("securityVersion", securityVersion);
        body.put("artifactId", artifact);
        return api.post("/api/v1/ota/releases", token, body);
    }

    ApiResponse publish(String release) {
        return api.post("/api/v1/ota/releases/" + release + "/publish", token, Map.of());
    }

    /** Creates and publishes a release; fails unless both succeed. */
    JsonNode published(
            String model, String hardwareRevision, String version, String tier, long securityVersion, String artifact) {
        ApiResponse created = createRelease(model, hardwareRevision, version, tier, securityVersion, artifact);
        if (created.status() != 201) {
            throw new IllegalStateException("release refused: " + created.rawBody());
        }
        ApiResponse published = publish(created.text("id"));
        if (published.status() != 200) {
            throw new IllegalStateException("publication refused: " + published.rawBody());
        }
        return published.body();
    }

    private ApiResponse send(Map<String, String> query, HttpRequest.BodyPublisher body) {
        String parameters = query.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        try {
            HttpResponse<String> response = api.http()
                    .send(
                            HttpRequest.newBuilder(api.uri("/api/v1/ota/artifacts?" + parameters))
                                    .timeout(Duration.ofSeconds(60))
                                    .header("Authorization", "Bearer " + token)
                                    .header("Content-Type", "application/octet-stream")
                                    .POST(body)
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            JsonNode json = response.body().isBlank()
                    ? TestApi.JSON.createObjectNode()
                    : TestApi.JSON.readTree(response.body());
            return new ApiResponse(response.statusCode(), response.headers(), json, response.body());
        } catch (IOException e) {
            throw new IllegalStateException("upload failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
