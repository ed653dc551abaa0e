package dev.palisade.attestation;

import dev.palisade.support.ApiResponse;
import dev.palisade.support.EstClients;
import dev.palisade.support.EstClients.Credential;
import dev.palisade.support.TestApi;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** A device talking to the attestation endpoints over mutual TLS with its certificate. */
final class AttestationDevice {

    private final HttpClient http;
    private final int port;

    AttestationDevice(int port, X509Certificate root, Credential credential) {
        this.http = EstClients.http(root, credential);
        this.port = port;
    }

    ApiResponse post(String step, Object body) {
        try {
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(URI.create("https://localhost:" + port + "/device/v1/attestation/" + step))
                            .timeout(Duration.ofSeconds(30))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(TestApi.JSON.writeValueAsString(body)))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonNode json = response.body().isBlank()
                    ? TestApi.JSON.createObjectNode()
                    : TestApi.JSON.readTree(response.body());
            return new ApiResponse(response.statusCode(), response.headers(), json, response.body());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    String nonce() {
        ApiResponse nonce = post("nonce", Map.of());
        if (nonce.status() != 200) {
            throw new IllegalStateException("no nonce: " + nonce.rawBody());
        }
        return nonce.text("nonce");
    }
}
