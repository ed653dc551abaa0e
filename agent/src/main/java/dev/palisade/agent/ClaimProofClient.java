package dev.palisade.agent;

import dev.palisade.protocol.claim.ClaimProof;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.json.JsonFactory;

/**
 * Proves its owner's claim on the device before its first enrolment, for a device that no manufacturer's manifest
 * lists (docs/provisioning.md, "Claiming"): it asks the device endpoint for a nonce and sends the claim code from its
 * label with a signature, made with its bootstrap key, over the nonce and the code's digest. Both requests present the
 * bootstrap certificate. The answer names the device id the claim registers it as, which its CSR must carry.
 */
public final class ClaimProofClient {

    private static final JsonFactory JSON = JsonFactory.builder().build();
    private static final int MAX_ANSWER = 16 * 1024;

    private final Endpoints endpoints;
    private final @Nullable String label;

    /** @param label the tenant's slug, as for EST; null when the device's manufacturer CA is registered with one */
    public ClaimProofClient(Endpoints endpoints, @Nullable String label) {
        this.endpoints = endpoints;
        this.label = label;
    }

    /**
     * Proves the claim; returns the device id it registers the device as.
     *
     * @throws EnrolmentException when the server refuses (the message carries its reason code) or cannot be reached
     */
    public String prove(DeviceCredential bootstrap, String code) throws EnrolmentException {
        String normalised;
        try {
            normalised = ClaimProof.normalise(code);
        } catch (IllegalArgumentException e) {
            throw new EnrolmentException("the claim code is not one: " + e.getMessage());
        }
        HttpClient client = client(bootstrap);
        Map<String, String> nonce = post(client, "nonce", "{}");
        String nonceHex = required(nonce, "nonce");
        String body = "{\"nonce\":\"" + nonceHex + "\",\"code\":\"" + normalised + "\",\"signature\":\""
                + sign(bootstrap, nonceHex, normalised) + "\"}";
        return required(post(client, "proof", body), "deviceId");
    }

    private Map<String, String> post(HttpClient client, String step, String body) throws EnrolmentException {
        String path = "/device/v1/claim/" + (label == null ? "" : label + "/") + step;
        HttpResponse<byte[]> response;
        try {
            response = client.send(
                    HttpRequest.newBuilder(URI.create("https://" + endpoints.host() + ":" + endpoints.estPort() + path))
                            .timeout(Duration.ofSeconds(30))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.US_ASCII))
                            .build(),
                    HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new EnrolmentException("cannot reach the claim endpoint: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EnrolmentException("interrupted while proving the claim", e);
        }
        Map<String, String> answer = strings(response.body());
        if (response.statusCode() != 200) {
            throw new EnrolmentException("claim " + step + " refused: HTTP " + response.statusCode() + " "
                    + answer.getOrDefault("code", "") + ": " + answer.getOrDefault("detail", ""));
        }
        return answer;
    }

    private static String sign(DeviceCredential bootstrap, String nonceHex, String code) throws EnrolmentException {
        String algorithm = ClaimProof.signatureAlgorithm(bootstrap.certificate().getPublicKey())
                .orElseThrow(() -> new EnrolmentException("the bootstrap key cannot sign a claim proof"));
        try {
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(bootstrap.key());
            signer.update(ClaimProof.signedBytes(nonceHex, code));
            return Base64.getEncoder().encodeToString(signer.sign());
        } catch (GeneralSecurityException e) {
            throw new EnrolmentException("cannot sign the claim proof with the bootstrap key", e);
        }
    }

    private HttpClient client(DeviceCredential bootstrap) {
        try {
            SSLContext tls = SSLContext.getInstance("TLSv1.3");
            tls.init(
                    new KeyManager[] {Tls.presenting(bootstrap)},
                    new TrustManager[] {Tls.trusting(endpoints.root())},
                    null);
            return HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .sslContext(tls)
                    .connectTimeout(Duration.ofSeconds(10))
                    .build();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot set up TLS for the claim endpoint", e);
        }
    }

    /** The top-level string members of a JSON answer; anything else in it is skipped. */
    private static Map<String, String> strings(byte[] body) {
        Map<String, String> members = new HashMap<>();
        if (body.length == 0 || body.length > MAX_ANSWER) {
            return members;
        }
        try (JsonParser parser = JSON.createParser(ObjectReadContext.empty(), body)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return members;
            }
            for (JsonToken token = parser.nextToken(); token == JsonToken.PROPERTY_NAME; token = parser.nextToken()) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                if (value == JsonToken.VALUE_STRING && name != null) {
                    members.put(name, parser.getString());
                } else {
                    parser.skipChildren();
                }
            }
        } catch (RuntimeException notJson) {
            // an answer that is not JSON carries nothing to read; the status says enough
        }
        return members;
    }

    private static String required(Map<String, String> answer, String member) throws EnrolmentException {
        String value = answer.get(member);
        if (value == null) {
            throw new EnrolmentException("the claim endpoint's answer has no " + member);
        }
        return value;
    }
}
