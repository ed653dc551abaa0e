package dev.palisade.support;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * An HTTPS client of the operator API that trusts exactly the server's generated certificate, as a real client
 * pinning it would.
 */
public final class TestApi {

    public static final JsonMapper JSON = JsonMapper.builder().build();

    private final URI base;
    private final HttpClient http;

    public TestApi(String baseUrl, Path certificate) {
        this.base = URI.create(baseUrl);
        this.http = HttpClient.newBuilder()
                .sslContext(trusting(certificate))
                .connectTimeout(Duration.ofSeconds(10))
                .build();
    }

    public ApiResponse get(String path, @Nullable String token) {
        return send(builder(path, token).GET(), token);
    }

    public ApiResponse post(String path, @Nullable String token, Object body) {
        return postRaw(path, token, JSON.writeValueAsString(body), Map.of());
    }

    public ApiResponse post(String path, @Nullable String token, Object body, Map<String, String> headers) {
        return postRaw(path, token, JSON.writeValueAsString(body), headers);
    }

    public ApiResponse postRaw(String path, @Nullable String token, String body, Map<String, String> headers) {
        HttpRequest.Builder request = builder(path, token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        return send(request, token);
    }

    public ApiResponse patch(String path, @Nullable String token, Object body) {
        return send(
                builder(path, token)
                        .header("Content-Type", "application/json")
                        .method("PATCH", HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))),
                token);
    }

    public ApiResponse put(String path, @Nullable String token, Object body) {
        return send(
                builder(path, token)
                        .header("Content-Type", "application/json")
                        .PUT(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))),
                token);
    }

    /** PUTs {@code body} as it is (a document that may not even be JSON), with extra {@code headers}. */
    public ApiResponse putRaw(String path, @Nullable String token, String body, Map<String, String> headers) {
        HttpRequest.Builder request = builder(path, token)
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        return send(request, token);
    }

    /** Sends {@code method} to {@code path} with an empty JSON object body where the method takes one. */
    public ApiResponse call(String method, String path, @Nullable String token) {
        HttpRequest.BodyPublisher body = method.equals("GET") || method.equals("DELETE")
                ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString("{}");
        return send(
                builder(path, token).header("Content-Type", "application/json").method(method, body), token);
    }

    public HttpClient http() {
        return http;
    }

    public URI uri(String path) {
        return base.resolve(path);
    }

    private HttpRequest.Builder builder(String path, @Nullable String token) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30));
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        return builder;
    }

    private ApiResponse send(HttpRequest.Builder request, @Nullable String token) {
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            String raw = response.body();
            JsonNode body = raw.isBlank() ? JSON.createObjectNode() : parse(raw);
            return new ApiResponse(response.statusCode(), response.headers(), body, raw);
        } catch (IOException e) {
            throw new IllegalStateException("request failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode parse(String raw) {
        try {
            return JSON.readTree(raw);
        } catch (RuntimeException notJson) {
            Map<String, String> wrapper = new LinkedHashMap<>();
            wrapper.put("nonJsonBody", raw);
            return JSON.valueToTree(wrapper);
        }
    }

    static SSLContext trusting(Path certificate) {
        try (InputStream in = Files.newInputStream(certificate)) {
            KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
            trusted.load(null, null);
            trusted.setCertificateEntry(
                    "palisade", CertificateFactory.getInstance("X.509").generateCertificate(in));
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trusted);
            SSLContext context = SSLContext.getInstance("TLSv1.3");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot trust " + certificate, e);
        }
    }
}
