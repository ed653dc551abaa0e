package dev.palisade.provisioning;

import dev.palisade.protocol.claim.ClaimProof;
import dev.palisade.support.ApiResponse;
import dev.palisade.support.DeviceKeys;
import dev.palisade.support.EstClients;
import dev.palisade.support.Manufacturing;
import dev.palisade.support.TestApi;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * A device fresh from retail, as the claim protocol sees it: it holds its manufacturer's bootstrap certificate (made by
 * openssl) and the code on its label, asks the device endpoint for a nonce, signs the proof with its bootstrap key, and
 * enrols over EST. Every request goes over TLS 1.3 with the bootstrap certificate as client certificate.
 */
final class ClaimingDevice {

    private final int port;
    private final X509Certificate root;
    private final Manufacturing.Bootstrap bootstrap;
    private final String label;
    private final HttpClient http;

    ClaimingDevice(int port, X509Certificate root, Manufacturing.Bootstrap bootstrap, String label) {
        this.port = port;
        this.root = root;
        this.bootstrap = bootstrap;
        this.label = label;
        this.http = EstClients.http(root, bootstrap.credential());
    }

    /** The same device, asking another tenant. */
    ClaimingDevice at(String otherLabel) {
        return new ClaimingDevice(port, root, bootstrap, otherLabel);
    }

    ApiResponse nonceRequest() {
        return post("/device/v1/claim/" + label + "/nonce", Map.of());
    }

    String nonce() {
        ApiResponse nonce = nonceRequest();
        if (nonce.status() != 200) {
            throw new IllegalStateException("no nonce: " + nonce.rawBody());
        }
        return nonce.text("nonce");
    }

    /** The proof, signed as the protocol says with the device's own bootstrap key. */
    ApiResponse prove(String nonce, String code) {
        return proveSignedBy(nonce, code, bootstrap.credential().key());
    }

    ApiResponse proveSignedBy(String nonce, String code, PrivateKey key) {
        return post(
                "/device/v1/claim/" + label + "/proof",
                Map.of("nonce", nonce, "code", code, "signature", sign(nonce, code, key)));
    }

    /** Asks for a nonce and proves the claim with it. */
    ApiResponse claim(String code) {
        return prove(nonce(), code);
    }

    /** First contact with BouncyCastle's EST client: the operational certificate, or an exception if refused. */
    X509Certificate enrol(String device, KeyPair key) throws Exception {
        return EstClients.certificates(EstClients.est(port, label, root, bootstrap.credential())
                        .simpleEnroll(false, DeviceKeys.request(device, key), null)
                        .getStore())
                .getFirst();
    }

    /** First contact as the JDK's client sends it, to read a refusal: the status and the plain-text answer. */
    HttpResponse<String> enrolRaw(String device) throws IOException {
        String csr = Base64.getEncoder()
                .encodeToString(DeviceKeys.request(device, DeviceKeys.p256()).getEncoded());
        return send(HttpRequest.newBuilder(
                        URI.create("https://localhost:" + port + "/.well-known/est/" + label + "/simpleenroll"))
                .header("Content-Type", "application/pkcs10")
                .header("Content-Transfer-Encoding", "base64")
                .POST(HttpRequest.BodyPublishers.ofString(csr, StandardCharsets.US_ASCII))
                .build());
    }

    private ApiResponse post(String path, Object body) {
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create("https://localhost:" + port + path))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(TestApi.JSON.writeValueAsString(body)))
                .build());
        JsonNode json =
                response.body().isBlank() ? TestApi.JSON.createObjectNode() : TestApi.JSON.readTree(response.body());
        return new ApiResponse(response.statusCode(), response.headers(), json, response.body());
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static String sign(String nonce, String code, PrivateKey key) {
        try {
            Signature signer = Signature.getInstance("SHA256withECDSA");
            signer.initSign(key);
            signer.update(ClaimProof.signedBytes(nonce, code));
            return Base64.getEncoder().encodeToString(signer.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
