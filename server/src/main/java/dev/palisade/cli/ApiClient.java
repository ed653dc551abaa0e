package dev.palisade.cli;

import dev.palisade.api.ApiFiles;
import dev.palisade.shared.DataDirectory;
import dev.palisade.shared.SecretFiles;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.UUID;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A small client of the operator API for CLI commands. It finds the server, token and certificate of a local
 * installation by itself, speaks TLS 1.3 only, and sends creating requests with an idempotency key so that a retry
 * after a lost connection cannot create twice.
 */
final class ApiClient {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    /** Until the server answers an upload: it reads (and hashes) gigabytes first. */
    private static final Duration UPLOAD_TIMEOUT = Duration.ofHours(2);

    private static final int ATTEMPTS = 3;

    private final URI base;
    private final String token;
    private final HttpClient http;
    private final JsonMapper json = JsonMapper.builder().build();

    private final SSLContext tls;

    private ApiClient(URI base, String token, SSLContext tls) {
        this.base = base;
        this.token = token;
        this.tls = tls;
        var parameters = new SSLParameters();
        parameters.setProtocols(new String[] {"TLSv1.3"});
        this.http = HttpClient.newBuilder()
                .sslContext(tls)
                .sslParameters(parameters)
                .connectTimeout(Duration.ofSeconds(10))
                .build();
    }

    /**
     * A client for the installation in {@code dataDir}: the server from {@code server}, {@code PALISADE_SERVER} or
     * the address the running server left in the data directory; the token from {@code tokenFile}, {@code
     * PALISADE_TOKEN} or the admin token file; trust from the data directory's certificate when there is one.
     */
    static ApiClient forDataDirectory(Path dataDir, @Nullable String server, @Nullable Path tokenFile)
            throws IOException {
        return create(dataDir, server, tokenFile, null);
    }

    static ApiClient create(Path dataDir, @Nullable String server, @Nullable Path tokenFile, @Nullable Path caCert)
            throws IOException {
        var dataDirectory = new DataDirectory(dataDir);
        return new ApiClient(
                URI.create(serverUrl(dataDirectory, server)),
                token(dataDirectory, tokenFile),
                tls(caCert != null ? caCert : ApiFiles.certificate(dataDirectory)));
    }

    /** The same server, authenticated by {@code otherToken}: the demo acts as the tenant it creates. */
    ApiClient withToken(String otherToken) {
        return new ApiClient(base, otherToken, tls);
    }

    JsonNode get(String path) throws IOException, InterruptedException {
        return send(request(path).GET().build());
    }

    JsonNode post(String path, Object body) throws IOException, InterruptedException {
        return send(request(path)
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", UUID.randomUUID().toString())
                .POST(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(body)))
                .build());
    }

    JsonNode put(String path, Object body) throws IOException, InterruptedException {
        return send(request(path)
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(body)))
                .build());
    }

    /** PUTs a JSON document as it is, so that the server reports errors at their line and column in it. */
    JsonNode putDocument(String path, String document) throws IOException, InterruptedException {
        return send(request(path)
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(document))
                .build());
    }

    /** POSTs a JSON document as it is. */
    JsonNode postDocument(String path, String document) throws IOException, InterruptedException {
        return send(request(path)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(document))
                .build());
    }

    /**
     * POSTs a file as the raw body, streamed from disk (never read into memory), with the {@code query} already
     * encoded. A retry sends the whole file again; uploads are idempotent by content, so that creates nothing twice.
     */
    JsonNode upload(String pathAndQuery, Path file) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(base.resolve(pathAndQuery))
                .timeout(UPLOAD_TIMEOUT)
                .header("Authorization", "Bearer " + token)
                .header("Accept", "application/json")
                .header("User-Agent", "palisade-cli/" + Versions.version())
                .header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofFile(file))
                .build());
    }

    JsonNode delete(String path) throws IOException, InterruptedException {
        return send(request(path).DELETE().build());
    }

    JsonNode patch(String path, Object body) throws IOException, InterruptedException {
        return send(request(path)
                .header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(body)))
                .build());
    }

    JsonMapper json() {
        return json;
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(base.resolve(path))
                .timeout(TIMEOUT)
                .header("Authorization", "Bearer " + token)
                .header("Accept", "application/json")
                .header("User-Agent", "palisade-cli/" + Versions.version());
    }

    /** Sends, retrying connection failures; creating requests carry the same idempotency key on every attempt. */
    private JsonNode send(HttpRequest request) throws IOException, InterruptedException {
        HttpResponse<InputStream> response = null;
        for (int attempt = 1; response == null; attempt++) {
            try {
                response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            } catch (ConnectException | HttpConnectTimeoutException unreachable) {
                throw new ApiFailure(
                        "cannot reach Palisade at " + base + " (is it running? start it with"
                                + " './palisade serve', or point --server at it)",
                        4);
            } catch (IOException lost) {
                if (attempt == ATTEMPTS) {
                    throw lost;
                }
                Thread.sleep(200L * attempt);
            }
        }
        try (InputStream body = response.body()) {
            byte[] bytes = body.readAllBytes();
            JsonNode node = bytes.length == 0 ? json.createObjectNode() : json.readTree(bytes);
            if (response.statusCode() >= 400) {
                throw ApiFailure.of(response.statusCode(), node);
            }
            return node;
        }
    }

    private static String serverUrl(DataDirectory dataDirectory, @Nullable String server) throws IOException {
        if (server != null) {
            return server;
        }
        String fromEnvironment = System.getenv("PALISADE_SERVER");
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            return fromEnvironment;
        }
        Path left = ServerLauncher.apiUrlFile(dataDirectory);
        return Files.exists(left) ? Files.readString(left).strip() : "https://localhost:8443";
    }

    private static String token(DataDirectory dataDirectory, @Nullable Path tokenFile) {
        if (tokenFile != null) {
            return SecretFiles.readString(tokenFile);
        }
        String fromEnvironment = System.getenv("PALISADE_TOKEN");
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            return fromEnvironment.strip();
        }
        Path admin = dataDirectory.adminTokenFile();
        if (!Files.exists(admin)) {
            throw new ApiFailure(
                    "no API token: pass --token-file, set PALISADE_TOKEN, or run where " + admin + " exists", 2);
        }
        return SecretFiles.readString(admin);
    }

    private static SSLContext tls(Path certificate) throws IOException {
        try {
            SSLContext context = SSLContext.getInstance("TLSv1.3");
            if (!Files.exists(certificate)) {
                context.init(null, null, null);
                return context;
            }
            KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
            trusted.load(null, null);
            try (InputStream in = Files.newInputStream(certificate)) {
                int n = 0;
                for (var cert : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                    trusted.setCertificateEntry("palisade-" + n++, cert);
                }
            }
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trusted);
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot set up TLS with certificate " + certificate + ": " + e.getMessage(), e);
        }
    }

    /** The server refused a request: the problem's code and detail, and the CLI exit code for it. */
    static final class ApiFailure extends RuntimeException {

        private final int exitCode;

        ApiFailure(String message, int exitCode) {
            super(message);
            this.exitCode = exitCode;
        }

        static ApiFailure of(int status, JsonNode problem) {
            String code = problem.path("code").asString("http-" + status);
            String detail = problem.path("detail").asString("HTTP " + status);
            String field = problem.path("field").asString("");
            return new ApiFailure(
                    detail + " [" + code + (field.isEmpty() ? "" : ", field " + field) + "]", status == 401 ? 3 : 2);
        }

        int exitCode() {
            return exitCode;
        }
    }
}
