package dev.palisade.agent.attest;

import dev.palisade.agent.DeviceCredential;
import dev.palisade.agent.Endpoints;
import dev.palisade.agent.Tls;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.json.JsonFactory;

/**
 * The attestation steps of the device endpoint ({@code /device/v1/attestation/<step>}), over TLS 1.3 with the device's
 * credential, trusting only the offline root. Every answer this agent reads is a JSON object of strings; a refusal is
 * a problem document whose {@code code} and {@code detail} become an {@link AttestationRefusedException}.
 */
final class DeviceEndpointClient {

    private static final JsonFactory JSON = JsonFactory.builder().build();
    private static final int MAX_ANSWER = 64 * 1024;

    private final URI base;
    private final HttpClient http;

    DeviceEndpointClient(Endpoints endpoints, DeviceCredential credential) throws GeneralSecurityException {
        this.base = URI.create("https://" + endpoints.host() + ":" + endpoints.estPort() + "/device/v1/attestation/");
        SSLContext tls = SSLContext.getInstance("TLSv1.3");
        tls.init(
                Tls.keyFactory(credential).getKeyManagers(),
                Tls.trustFactory(endpoints.root()).getTrustManagers(),
                new SecureRandom());
        this.http = HttpClient.newBuilder()
                .sslContext(tls)
                .connectTimeout(Duration.ofSeconds(10))
                .build();
    }

    /**
     * Posts {@code json} to {@code step}; returns the answer's top-level string members.
     *
     * @throws AttestationRefusedException when the server answers other than 200
     * @throws IOException when it cannot be reached, or answers with something that is not JSON
     */
    Map<String, String> post(String step, String json)
            throws IOException, InterruptedException, AttestationRefusedException {
        HttpResponse<byte[]> response = http.send(
                HttpRequest.newBuilder(base.resolve(step))
                        .timeout(Duration.ofSeconds(30))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8))
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
        byte[] body = response.body();
        if (body.length > MAX_ANSWER) {
            throw new IOException("the attestation endpoint answered " + step + " with " + body.length + " bytes");
        }
        String text = new String(body, StandardCharsets.UTF_8);
        if (response.statusCode() != 200) {
            Map<String, String> problem = strings(text).orElse(Map.of());
            throw new AttestationRefusedException(
                    step,
                    response.statusCode(),
                    problem.getOrDefault("code", ""),
                    problem.getOrDefault("detail", text.length() > 300 ? text.substring(0, 300) : text.strip()));
        }
        return strings(text)
                .orElseThrow(
                        () -> new IOException("the attestation endpoint answered " + step + " with no JSON object"));
    }

    /** The top-level string members of a JSON object; other values are skipped. Empty when it is not one. */
    static Optional<Map<String, String>> strings(String text) {
        Map<String, String> fields = new HashMap<>();
        try (JsonParser parser = JSON.createParser(ObjectReadContext.empty(), text)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return Optional.empty();
            }
            for (JsonToken token = parser.nextToken(); token == JsonToken.PROPERTY_NAME; token = parser.nextToken()) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                if (value == JsonToken.VALUE_STRING) {
                    fields.put(name, parser.getString());
                } else {
                    parser.skipChildren();
                }
            }
        } catch (JacksonException e) {
            return Optional.empty();
        }
        return Optional.of(fields);
    }
}
