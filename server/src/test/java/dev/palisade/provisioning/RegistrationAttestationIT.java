package dev.palisade.provisioning;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.support.ApiResponse;
import dev.palisade.support.DeviceKeys;
import dev.palisade.support.EstClients;
import dev.palisade.support.Manufacturing;
import dev.palisade.support.TenantPki;
import dev.palisade.support.TestApi;
import dev.palisade.support.WithServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * A tenant whose registration policy requires attestation: the device's first contact leaves it registered but
 * waiting (EST 202 with Retry-After), it attests with its bootstrap certificate, and only a passing verdict at the
 * required assurance lets its next first contact enrol it. A failed attestation refuses it.
 */
class RegistrationAttestationIT extends WithServer {

    private static final Map<String, String> MEASURED =
            Map.of("bootloader", "a1".repeat(32), "kernel", "b2".repeat(32));

    private X509Certificate root;
    private TenantPki pki;
    private Manufacturing factory;
    private String model;

    @BeforeEach
    void manufacturerAndReferenceValues() throws Exception {
        root = EstClients.awaitDeviceEndpoint(devicePort(), DATA_DIR);
        pki = new TenantPki(api, newTenant());
        factory = new Manufacturing(
                Path.of("target/manufacturing", UUID.randomUUID().toString()), "acme");
        expect(api.post("/api/v1/manufacturers", pki.token(), factory.registration()), 201);
        model = "gw-" + UUID.randomUUID().toString().substring(0, 8);
        expect(
                api.put(
                        "/api/v1/attestation/references/" + model + "/3.0.0",
                        pki.token(),
                        Map.of("measurements", MEASURED)),
                201);
    }

    @Test
    void deviceWaitsForItsAttestationThenEnrolsOnceItPasses() throws Exception {
        requireAttestation("PT15M", "signed-boot-log");
        var bootstrap = manufactured("gw-0001");

        HttpResponse<String> first = enrol(bootstrap, "gw-0001");

        assertThat(first.statusCode()).as(first.body()).isEqualTo(202);
        assertThat(first.headers().firstValue("Retry-After")).isPresent();
        assertThat(first.body()).contains("provisioning.attestation-required");
        assertThat(pki.state("gw-0001")).isEqualTo("provisioned");
        assertThat(pki.serials("gw-0001")).isEmpty();
        assertThat(pki.auditRecords("provisioning.awaiting-attestation")).hasSize(1);

        JsonNode verdict = bootLog(bootstrap, "gw-0001", MEASURED);
        assertThat(verdict.path("verdict").asString()).as(verdict.toString()).isEqualTo("pass");

        HttpResponse<String> second = enrol(bootstrap, "gw-0001");

        assertThat(second.statusCode()).as(second.body()).isEqualTo(200);
        assertThat(pki.state("gw-0001")).isEqualTo("active");
        assertThat(pki.serials("gw-0001")).hasSize(1);
        assertThat(entryUsed("gw-0001")).isTrue();
    }

    @Test
    void failedAttestationRefusesTheRegistration() throws Exception {
        requireAttestation("PT15M", "signed-boot-log");
        var bootstrap = manufactured("gw-0002");
        assertThat(enrol(bootstrap, "gw-0002").statusCode()).isEqualTo(202);

        JsonNode verdict =
                bootLog(bootstrap, "gw-0002", Map.of("bootloader", "a1".repeat(32), "kernel", "ff".repeat(32)));
        HttpResponse<String> refused = enrol(bootstrap, "gw-0002");

        assertThat(verdict.path("verdict").asString()).isEqualTo("fail");
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(403);
        assertThat(refused.body()).contains("provisioning.attestation-failed");
        assertThat(pki.serials("gw-0002")).isEmpty();
        assertThat(entryUsed("gw-0002")).isFalse();
        assertThat(pki.auditRecords("provisioning.registration-refused"))
                .anySatisfy(record -> assertThat(
                                record.path("details").path("reason").asString())
                        .isEqualTo("provisioning.attestation-failed"));
    }

    @Test
    void aBootLogDoesNotMeetARequirementForATpmQuote() throws Exception {
        requireAttestation("PT15M", null); // tpm-quote, the default
        var bootstrap = manufactured("gw-0003");
        assertThat(enrol(bootstrap, "gw-0003").statusCode()).isEqualTo(202);

        JsonNode verdict = bootLog(bootstrap, "gw-0003", MEASURED);
        HttpResponse<String> again = enrol(bootstrap, "gw-0003");

        assertThat(verdict.path("verdict").asString()).isEqualTo("pass");
        assertThat(again.statusCode()).as(again.body()).isEqualTo(202);
        assertThat(pki.state("gw-0003")).isEqualTo("provisioned");
    }

    @Test
    void aBootstrapCertificateAttestsOnlyForADeviceThatWaitsToAttest() throws Exception {
        var bootstrap = manufactured("gw-0004");

        ApiResponse beforeAnyContact = attestationStep(bootstrap, "nonce", Map.of());
        requireAttestation("PT15M", "signed-boot-log");
        ApiResponse beforeFirstContact = attestationStep(bootstrap, "nonce", Map.of());
        enrol(bootstrap, "gw-0004");
        ApiResponse waiting = attestationStep(bootstrap, "nonce", Map.of());

        assertThat(beforeAnyContact.status()).isEqualTo(403);
        assertThat(beforeFirstContact.status()).isEqualTo(403);
        assertThat(waiting.status()).as(waiting.rawBody()).isEqualTo(200);
    }

    @Test
    void aClaimedDeviceAttestsWithItsBootstrapCertificateBeforeItRegisters() throws Exception {
        requireAttestation("PT15M", "signed-boot-log");
        var bootstrap = factory.bootstrap("SN-gw-0005"); // listed in no manifest
        String code = DeviceClaimIT.code();
        expect(
                api.post(
                        "/api/v1/provisioning/claims",
                        pki.token(),
                        Map.of(
                                "manufacturer", "acme",
                                "serial", "SN-gw-0005",
                                "deviceId", "gw-0005",
                                "model", model,
                                "code", code)),
                201);
        expect(new ClaimingDevice(devicePort(), root, bootstrap, pki.tenant().slug()).claim(code), 200);

        HttpResponse<String> first = enrol(bootstrap, "gw-0005");
        JsonNode verdict = bootLog(bootstrap, "gw-0005", MEASURED);
        HttpResponse<String> second = enrol(bootstrap, "gw-0005");

        assertThat(first.statusCode()).as(first.body()).isEqualTo(202);
        assertThat(first.body()).contains("provisioning.attestation-required");
        assertThat(verdict.path("verdict").asString()).as(verdict.toString()).isEqualTo("pass");
        assertThat(second.statusCode()).as(second.body()).isEqualTo(200);
        assertThat(pki.state("gw-0005")).isEqualTo("active");
        assertThat(api.get("/api/v1/provisioning/claims?state=used", pki.token())
                        .body()
                        .path("items"))
                .hasSize(1);
    }

    @Test
    void policyRefusesAWindowOutsideAMinuteToADayAndAnUnknownAssurance() {
        ApiResponse tooShort =
                api.put("/api/v1/provisioning/policy", pki.token(), Map.of("requireAttestationWithin", "PT10S"));
        ApiResponse unknownLevel = api.put(
                "/api/v1/provisioning/policy",
                pki.token(),
                Map.of("requireAttestationWithin", "PT10M", "attestationAssurance", "none"));
        ApiResponse notADuration =
                api.put("/api/v1/provisioning/policy", pki.token(), Map.of("requireAttestationWithin", "ten minutes"));

        assertThat(List.of(tooShort.status(), unknownLevel.status(), notADuration.status()))
                .containsOnly(400);
        JsonNode policy =
                expect(api.get("/api/v1/provisioning/policy", pki.token()), 200).body();
        assertThat(policy.path("requireAttestationWithin").isNull()).isTrue();
    }

    private void requireAttestation(String within, @Nullable String assurance) {
        Map<String, String> policy = assurance == null
                ? Map.of("requireAttestationWithin", within)
                : Map.of("requireAttestationWithin", within, "attestationAssurance", assurance);
        JsonNode saved = expect(api.put("/api/v1/provisioning/policy", pki.token(), policy), 200)
                .body();
        assertThat(Duration.parse(saved.path("requireAttestationWithin").asString()))
                .isEqualTo(Duration.parse(within));
    }

    private Manufacturing.Bootstrap manufactured(String device) throws Exception {
        var bootstrap = factory.bootstrap("SN-" + device);
        Map<String, String> entry = Map.of(
                "deviceId",
                device,
                "serial",
                "SN-" + device,
                "bootstrapCertificateSha256",
                bootstrap.sha256(),
                "model",
                model,
                "hardwareRevision",
                "rev-a",
                "firmwareVersion",
                "3.0.0");
        expect(
                api.post(
                        "/api/v1/manufacturers/acme/manifests",
                        pki.token(),
                        Map.of("signedManifest", factory.sign(Manufacturing.manifest(List.of(entry))))),
                201);
        return bootstrap;
    }

    /** One simpleenroll with the bootstrap certificate, as the JDK's HTTP client sees the answer. */
    private HttpResponse<String> enrol(Manufacturing.Bootstrap bootstrap, String device) throws Exception {
        KeyPair key = DeviceKeys.p256();
        String csr = Base64.getEncoder()
                .encodeToString(DeviceKeys.request(device, key).getEncoded());
        var request = HttpRequest.newBuilder(URI.create("https://localhost:" + devicePort() + "/.well-known/est/"
                        + pki.tenant().slug() + "/simpleenroll"))
                .header("Content-Type", "application/pkcs10")
                .header("Content-Transfer-Encoding", "base64")
                .POST(HttpRequest.BodyPublishers.ofString(csr, StandardCharsets.US_ASCII))
                .build();
        try (var client = EstClients.http(root, bootstrap.credential())) {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        }
    }

    /** A boot log of {@code measurements} over a fresh nonce, signed with the bootstrap certificate's key. */
    private JsonNode bootLog(Manufacturing.Bootstrap bootstrap, String device, Map<String, String> measurements)
            throws Exception {
        ApiResponse nonce = attestationStep(bootstrap, "nonce", Map.of());
        assertThat(nonce.status()).as(nonce.rawBody()).isEqualTo(200);
        byte[] log = TestApi.JSON
                .writeValueAsString(
                        Map.of("device", device, "nonce", nonce.text("nonce"), "measurements", measurements))
                .getBytes(StandardCharsets.UTF_8);
        Signature signature = Signature.getInstance("SHA256withECDSA");
        signature.initSign(bootstrap.credential().key());
        signature.update(log);
        ApiResponse verdict = attestationStep(
                bootstrap,
                "boot-log",
                Map.of(
                        "log", Base64.getEncoder().encodeToString(log),
                        "signature", Base64.getEncoder().encodeToString(signature.sign())));
        assertThat(verdict.status()).as(verdict.rawBody()).isEqualTo(200);
        return verdict.body();
    }

    private ApiResponse attestationStep(Manufacturing.Bootstrap bootstrap, String step, Object body) {
        try (var client = EstClients.http(root, bootstrap.credential())) {
            HttpResponse<String> response = client.send(
                    HttpRequest.newBuilder(
                                    URI.create("https://localhost:" + devicePort() + "/device/v1/attestation/" + step))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(TestApi.JSON.writeValueAsString(body)))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonNode json = response.body().isBlank() || !response.body().startsWith("{")
                    ? TestApi.JSON.createObjectNode()
                    : TestApi.JSON.readTree(response.body());
            return new ApiResponse(response.statusCode(), response.headers(), json, response.body());
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private boolean entryUsed(String device) {
        return !expect(api.get("/api/v1/devices/" + device + "/manifest-entries", pki.token()), 200)
                .body()
                .path("entries")
                .get(0)
                .path("usedAt")
                .isNull();
    }

    private static ApiResponse expect(ApiResponse response, int status) {
        assertThat(response.status()).as(response.rawBody()).isEqualTo(status);
        return response;
    }
}
