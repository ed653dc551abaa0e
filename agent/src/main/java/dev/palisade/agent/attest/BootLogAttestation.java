package dev.palisade.agent.attest;

import dev.palisade.agent.DeviceCredential;
import dev.palisade.agent.Endpoints;
import dev.palisade.agent.Tls;
import dev.palisade.protocol.json.CanonicalJson;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.Signature;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import javax.net.ssl.SSLContext;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.json.JsonFactory;

/**
 * Attestation for a device without a TPM: its boot measurements, with a fresh server nonce, signed with the device's
 * own key and sent over mutual TLS to {@code /device/v1/attestation/boot-log}. The server compares them with the
 * reference values of the device's model and answers with a verdict. A signed boot log is only as trustworthy as the
 * software that measured it, so it passes at a lower assurance than a TPM quote, and tenants may refuse it.
 */
public final class BootLogAttestation {

    private static final JsonFactory JSON = JsonFactory.builder().build();
    private static final int MAX_ANSWER = 64 * 1024;

    private final URI base;
    private final HttpClient http;
    private final DeviceCredential credential;

    public BootLogAttestation(Endpoints endpoints, DeviceCredential credential) throws GeneralSecurityException {
        this.base = URI.create("https://" + endpoints.host() + ":" + endpoints.estPort() + "/device/v1/attestation/");
        this.credential = credential;
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

    /** What the server decided. */
    public record Verdict(boolean passed, String reason, String assurance) {}

    /**
     * Attests {@code measurements} (component name to hex SHA-256) for {@code deviceId}.
     *
     * @throws IOException when the server cannot be reached or answers other than with a verdict
     */
    public Verdict attest(String deviceId, Map<String, String> measurements)
            throws IOException, InterruptedException, GeneralSecurityException {
        String nonce = fields(post("nonce", "{}")).getOrDefault("nonce", "");
        if (!nonce.matches("([0-9a-f]{2}){16,64}")) {
            throw new IOException("the server sent no nonce");
        }
        Map<String, Object> log = new TreeMap<>();
        log.put("device", deviceId);
        log.put("nonce", nonce);
        log.put("measurements", new TreeMap<>(measurements));
        byte[] logBytes = CanonicalJson.toBytes(log);
        Signature signer = Signature.getInstance(signatureAlgorithm());
        signer.initSign(credential.key());
        signer.update(logBytes);
        Map<String, Object> body = new TreeMap<>();
        body.put("log", Base64.getEncoder().encodeToString(logBytes));
        body.put("signature", Base64.getEncoder().encodeToString(signer.sign()));
        Map<String, String> verdict = fields(post("boot-log", CanonicalJson.toString(body)));
        String outcome = verdict.getOrDefault("verdict", "");
        if (!outcome.equals("pass") && !outcome.equals("fail")) {
            throw new IOException("the server answered without a verdict");
        }
        return new Verdict(
                outcome.equals("pass"), verdict.getOrDefault("reason", ""), verdict.getOrDefault("assurance", ""));
    }

    private String signatureAlgorithm() {
        return switch (credential.key().getAlgorithm()) {
            case "EC" -> "SHA256withECDSA";
            case "RSA" -> "SHA256withRSA";
            default ->
                throw new IllegalStateException(
                        "no boot-log signature for a " + credential.key().getAlgorithm() + " key");
        };
    }

    private String post(String step, String json) throws IOException, InterruptedException {
        HttpResponse<byte[]> response = http.send(
                HttpRequest.newBuilder(base.resolve(step))
                        .timeout(Duration.ofSeconds(30))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8))
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
        byte[] body = response.body();
        if (body.length > MAX_ANSWER) {
            throw new IOException("the attestation endpoint answered with " + body.length + " bytes");
        }
        String text = new String(body, StandardCharsets.UTF_8);
        if (response.statusCode() != 200) {
            throw new IOException("attestation " + step + " refused (" + response.statusCode() + "): " + text);
        }
        return text;
    }

    /** The top-level string fields of a JSON object; other values are skipped. */
    private static Map<String, String> fields(String text) throws IOException {
        Map<String, String> fields = new HashMap<>();
        try (JsonParser parser = JSON.createParser(ObjectReadContext.empty(), text)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("not a JSON object");
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
            throw new IOException("not JSON: " + e.getOriginalMessage(), e);
        }
        return fields;
    }
}
