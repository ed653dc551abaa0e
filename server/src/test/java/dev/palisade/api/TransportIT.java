package dev.palisade.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.support.ApiResponse;
import dev.palisade.support.WithServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The API speaks TLS 1.3 only, checked with openssl as an outside client; its OpenAPI document is served. */
class TransportIT extends WithServer {

    @Test
    void opensslConnectsWithTls13() throws Exception {
        String output = openssl("-tls1_3");

        assertThat(output).contains("TLSv1.3");
        assertThat(output).contains("Verify return code: 0 (ok)");
    }

    @Test
    void opensslCannotConnectWithTls12() throws Exception {
        String output = openssl("-tls1_2");

        assertThat(output).contains("alert protocol version");
        assertThat(output).contains("no peer certificate available");
        assertThat(output).doesNotContain("New, TLSv1.2");
    }

    @Test
    void openApiDocumentIsServedWithoutATokenAndDescribesTheApi() {
        ApiResponse document = api.get("/api/v1/openapi.json", null);

        assertThat(document.status()).isEqualTo(200);
        assertThat(document.body().path("openapi").asString()).startsWith("3.");
        assertThat(document.body().path("paths").has("/api/v1/tokens")).isTrue();
        assertThat(document.body().path("paths").has("/api/v1/audit/records/{index}/inclusion-proof"))
                .isTrue();
        assertThat(document.body().path("components").path("securitySchemes").has("bearer"))
                .isTrue();
        assertThat(document.rawBody()).doesNotContain("\"caller\"");
    }

    @Test
    void responsesCarryTheRequestIdAClientSent() {
        ApiResponse response = api.get("/api/v1/no-such-thing", platformToken);

        assertThat(response.header("X-Request-Id")).isNotBlank();
        assertThat(response.text("requestId")).isEqualTo(response.header("X-Request-Id"));
    }

    private String openssl(String protocol) throws IOException, InterruptedException {
        var process = new ProcessBuilder(List.of(
                        "openssl",
                        "s_client",
                        protocol,
                        "-connect",
                        "127.0.0.1:" + port,
                        "-servername",
                        "localhost",
                        "-verify_hostname",
                        "localhost",
                        "-CAfile",
                        DATA_DIR.resolve("tls/api-certificate.pem").toString()))
                .redirectErrorStream(true)
                .start();
        process.getOutputStream().close();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
}
