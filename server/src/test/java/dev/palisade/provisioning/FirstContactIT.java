package dev.palisade.provisioning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.palisade.support.ApiResponse;
import dev.palisade.support.DeviceKeys;
import dev.palisade.support.EstClients;
import dev.palisade.support.EstClients.Credential;
import dev.palisade.support.LocalWebhook;
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
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.bouncycastle.est.ESTException;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * A device fresh from the factory, holding only its manufacturer's bootstrap certificate (made by openssl), enrols
 * over EST with BouncyCastle's client: if its manifest entry is unused, it is not recalled, its firmware meets the
 * floor and the tenant's webhook agrees, it is registered and gets its operational certificate in the same response.
 * Otherwise it is refused with a reason code, nothing changes, and the refusal is audited.
 */
class FirstContactIT extends WithServer {

    private X509Certificate root;
    private TenantPki pki;
    private Manufacturing factory;
    private LocalWebhook webhook;

    @BeforeEach
    void manufacturerIsRegistered() throws Exception {
        root = EstClients.awaitDeviceEndpoint(devicePort(), DATA_DIR);
        pki = new TenantPki(api, newTenant());
        factory = new Manufacturing(
                Path.of("target/manufacturing", UUID.randomUUID().toString()), "acme");
        expect(api.post("/api/v1/manufacturers", pki.token(), factory.registration()), 201);
        webhook = new LocalWebhook();
    }

    @AfterEach
    void stopWebhook() {
        webhook.close();
    }

    @Test
    void listedDeviceEnrolsInTheSameSessionAndBecomesActive() throws Exception {
        var bootstrap = manufactured("meter-0001", "SN-0001", "1.4.0");
        KeyPair key = DeviceKeys.p256();

        X509Certificate operational = enrol(bootstrap, "meter-0001", key);

        X509Certificate ca = pki.activeCaCertificate();
        operational.verify(ca.getPublicKey());
        assertThat(operational.getPublicKey()).isEqualTo(key.getPublic());
        assertThat(operational.getSubjectX500Principal().getName()).startsWith("CN=meter-0001,");
        assertThat(pki.state("meter-0001")).isEqualTo("active");
        JsonNode entry = entry("meter-0001");
        assertThat(entry.path("usedAt").isNull()).isFalse();
        JsonNode decision = pki.auditRecords("provisioning.registered").getFirst();
        assertThat(decision.path("target").asString()).isEqualTo("device:meter-0001");
        assertThat(decision.path("details").path("manufacturer").asString()).isEqualTo("acme");
        // the new certificate works where the bootstrap one never could: re-enrolment
        var current = new Credential(key.getPrivate(), List.of(operational, ca));
        X509Certificate renewed = EstClients.certificates(EstClients.est(devicePort(), null, root, current)
                        .simpleEnroll(true, DeviceKeys.request("meter-0001", DeviceKeys.p256()), null)
                        .getStore())
                .getFirst();
        renewed.verify(ca.getPublicKey());
    }

    @Test
    void theManifestsModelAndEndorsementKeyCarryOverToTheRegisteredDevice() throws Exception {
        String endorsementKey = "ab".repeat(32);
        var bootstrap = manufactured("meter-0050", "SN-0050", "1.4.0", "m1", endorsementKey);

        enrol(bootstrap, "meter-0050", DeviceKeys.p256());

        JsonNode device = api.get("/api/v1/devices/meter-0050", pki.token()).body();
        assertThat(device.path("attributes").path("model").asString()).isEqualTo("m1");
        assertThat(device.path("attributes").path("hardwareRevision").asString())
                .isEqualTo("rev-b");
        ApiResponse expected = api.get("/api/v1/devices/meter-0050/endorsement-key", pki.token());
        assertThat(expected.status()).as(expected.rawBody()).isEqualTo(200);
        assertThat(expected.body().path("sha256").asString())
                .as("attestation now expects the TPM the manufacturer listed")
                .isEqualTo(endorsementKey);
    }

    @Test
    void manifestEntryIsUsedOnce() throws Exception {
        var bootstrap = manufactured("meter-0002", "SN-0002", "1.4.0");
        enrol(bootstrap, "meter-0002", DeviceKeys.p256());
        List<String> serials = pki.serials("meter-0002");

        String refusal = refusedEnrolment(bootstrap, "meter-0002");

        assertThat(refusal).contains("provisioning.entry-used");
        assertThat(pki.serials("meter-0002")).isEqualTo(serials);
        assertAuditedRefusal("provisioning.entry-used");
    }

    @Test
    void recalledDeviceIsRefused() throws Exception {
        var bySerial = manufactured("meter-0003", "SN-0003", "1.4.0");
        var byId = manufactured("meter-0004", "SN-0004", "1.4.0");
        expect(api.put("/api/v1/recalls/serial/SN-0003", pki.token(), Map.of("reason", "batch 7 flaw")), 201);
        expect(api.put("/api/v1/recalls/device/meter-0004", pki.token(), Map.of()), 201);

        assertThat(refusedEnrolment(bySerial, "meter-0003")).contains("provisioning.recalled");
        assertThat(refusedEnrolment(byId, "meter-0004")).contains("provisioning.recalled");

        assertNothingChanged("meter-0003");
        assertNothingChanged("meter-0004");
        assertAuditedRefusal("provisioning.recalled");
    }

    @Test
    void firmwareBelowTheFloorOfTheTenantOrTheModelIsRefused() throws Exception {
        var old = manufactured("meter-0005", "SN-0005", "1.3.9");
        var unknown = manufactured("meter-0006", "SN-0006", null);
        var gateway = manufactured("gw-0001", "SN-0007", "2.0.0", "gw");
        var fine = manufactured("meter-0007", "SN-0008", "1.4");
        // decided under the policy before the floor, which first contacts remember for a few seconds: the change
        // below must still apply to the very next one
        enrol(manufactured("meter-0008", "SN-0009", "1.0.0"), "meter-0008", DeviceKeys.p256());
        expect(
                api.put(
                        "/api/v1/provisioning/policy",
                        pki.token(),
                        Map.of("firmwareFloor", "1.4.0", "modelFloors", Map.of("gw", "2.1"))),
                200);

        assertThat(refusedEnrolment(old, "meter-0005")).contains("provisioning.firmware-below-floor");
        assertThat(refusedEnrolment(unknown, "meter-0006")).contains("provisioning.firmware-unknown");
        assertThat(refusedEnrolment(gateway, "gw-0001")).contains("provisioning.firmware-below-floor");
        enrol(fine, "meter-0007", DeviceKeys.p256());

        assertNothingChanged("meter-0005");
        assertNothingChanged("gw-0001");
        assertAuditedRefusal("provisioning.firmware-below-floor");
    }

    @Test
    void tenantWebhookDecidesAndDeniesWhenItFailsOrIsSlow() throws Exception {
        var allowed = manufactured("meter-0010", "SN-0010", "1.4.0");
        var denied = manufactured("meter-0011", "SN-0011", "1.4.0");
        var slow = manufactured("meter-0012", "SN-0012", "1.4.0");
        var unreachable = manufactured("meter-0013", "SN-0013", "1.4.0");
        setWebhook(webhook.url());

        enrol(allowed, "meter-0010", DeviceKeys.p256());
        webhook.answer(403);
        String deniedAnswer = refusedEnrolment(denied, "meter-0011");
        webhook.answer(200);
        webhook.delay(3_000);
        String slowAnswer = refusedEnrolment(slow, "meter-0012");
        webhook.delay(0);
        setWebhook("http://127.0.0.1:1/decide");
        String unreachableAnswer = refusedEnrolment(unreachable, "meter-0013");

        assertThat(deniedAnswer).contains("provisioning.webhook-denied");
        assertThat(slowAnswer).contains("provisioning.webhook-unavailable");
        assertThat(unreachableAnswer).contains("provisioning.webhook-unavailable");
        assertNothingChanged("meter-0011");
        assertNothingChanged("meter-0012");
        assertNothingChanged("meter-0013");
        JsonNode input = TestApi.JSON.readTree(webhook.bodies().getFirst());
        assertThat(input.path("deviceId").asString()).isEqualTo("meter-0010");
        assertThat(input.path("serial").asString()).isEqualTo("SN-0010");
        assertThat(input.path("manufacturer").asString()).isEqualTo("acme");
        assertThat(input.path("firmwareVersion").asString()).isEqualTo("1.4.0");
        assertAuditedRefusal("provisioning.webhook-denied");
        assertAuditedRefusal("provisioning.webhook-unavailable");
    }

    @Test
    void bootstrapCaOfAnotherTenantIsUnknownHereAndAnUnregisteredCaFailsTheHandshake() throws Exception {
        var listed = manufactured("meter-0020", "SN-0020", "1.4.0");
        var elsewhere = new TenantPki(api, newTenant());
        var stranger = new Manufacturing(
                Path.of("target/manufacturing", UUID.randomUUID().toString()), "stranger");
        var unregistered = stranger.bootstrap("SN-9999");

        String refusal =
                refusedEnrolment(listed, "meter-0020", elsewhere.tenant().slug());

        assertThat(refusal).contains("provisioning.unknown-bootstrap-ca");
        assertThat(elsewhere.auditRecords("provisioning.registration-refused"))
                .singleElement()
                .satisfies(record -> assertThat(
                                record.path("details").path("reason").asString())
                        .isEqualTo("provisioning.unknown-bootstrap-ca"));
        assertThatThrownBy(() -> EstClients.est(devicePort(), pki.tenant().slug(), root, unregistered.credential())
                        .simpleEnroll(false, DeviceKeys.request("meter-0020", DeviceKeys.p256()), null))
                .satisfies(failure -> assertThat(EstClients.endedInTls(failure)).isTrue());
        assertNothingChanged("meter-0020");
    }

    @Test
    void manufacturerBootstrapCertificateCannotReEnrol() throws Exception {
        var bootstrap = manufactured("meter-0030", "SN-0030", "1.4.0");

        assertThatThrownBy(() -> EstClients.est(devicePort(), pki.tenant().slug(), root, bootstrap.credential())
                        .simpleEnroll(true, DeviceKeys.request("meter-0030", DeviceKeys.p256()), null))
                .isInstanceOf(ESTException.class)
                .satisfies(e -> assertThat(((ESTException) e).getStatusCode()).isEqualTo(403));
        assertNothingChanged("meter-0030");
        assertThat(entry("meter-0030").path("usedAt").isNull()).isTrue();
    }

    @Test
    void requestNamingAnotherDeviceIsRefusedAndLeavesTheEntryUnused() throws Exception {
        var bootstrap = manufactured("meter-0040", "SN-0040", "1.4.0");

        String refusal = refusedEnrolment(bootstrap, "meter-9999");

        assertThat(refusal).contains("provisioning.request-refused").contains("pki.csr.subject-mismatch");
        assertNothingChanged("meter-0040");
        assertThat(entry("meter-0040").path("usedAt").isNull()).isTrue();
        enrol(bootstrap, "meter-0040", DeviceKeys.p256());
    }

    @Test
    void devicesArrivingTogetherEachGetTheirOwnAnswer() throws Exception {
        // committed together (a group commit registers them in one transaction): twelve listed devices, one
        // bootstrap certificate presented four times at once, and two devices asking for a certificate of one key
        List<String> listed = new ArrayList<>();
        List<Map<String, String>> entries = new ArrayList<>();
        List<Manufacturing.Bootstrap> bootstraps = new ArrayList<>();
        for (int i = 0; i < 15; i++) {
            String device = "batch-" + i;
            var bootstrap = factory.bootstrap("SN-B" + i);
            bootstraps.add(bootstrap);
            listed.add(device);
            entries.add(listing(device, "SN-B" + i, bootstrap, "1.4.0", "m1", null));
        }
        expect(
                api.post(
                        "/api/v1/manufacturers/acme/manifests",
                        pki.token(),
                        Map.of("signedManifest", factory.sign(Manufacturing.manifest(entries)))),
                201);
        KeyPair shared = DeviceKeys.p256();
        List<Callable<Object>> attempts = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            int index = i;
            attempts.add(() -> enrol(bootstraps.get(index), listed.get(index), DeviceKeys.p256()));
        }
        for (int i = 0; i < 4; i++) {
            attempts.add(() -> enrolOrRefusal(bootstraps.get(12), "batch-12", DeviceKeys.p256()));
        }
        attempts.add(() -> enrolOrRefusal(bootstraps.get(13), "batch-13", shared));
        attempts.add(() -> enrolOrRefusal(bootstraps.get(14), "batch-14", shared));

        List<Object> outcomes = new ArrayList<>();
        try (ExecutorService devices = Executors.newFixedThreadPool(attempts.size())) {
            for (Future<Object> outcome : devices.invokeAll(attempts)) {
                outcomes.add(outcome.get());
            }
        }

        for (int i = 0; i < 12; i++) {
            assertThat(outcomes.get(i)).isInstanceOf(X509Certificate.class);
            assertThat(pki.state(listed.get(i))).isEqualTo("active");
            assertThat(pki.serials(listed.get(i))).hasSize(1);
        }
        List<Object> raced = outcomes.subList(12, 16);
        assertThat(raced).filteredOn(X509Certificate.class::isInstance).hasSize(1);
        assertThat(raced)
                .filteredOn(String.class::isInstance)
                .hasSize(3)
                .allSatisfy(refusal -> assertThat((String) refusal).contains("provisioning.entry-used"));
        assertThat(pki.serials("batch-12")).hasSize(1);
        List<Object> sharing = outcomes.subList(16, 18);
        assertThat(sharing).filteredOn(X509Certificate.class::isInstance).hasSize(1);
        assertThat(sharing)
                .filteredOn(String.class::isInstance)
                .singleElement()
                .satisfies(refusal -> assertThat((String) refusal).contains("pki.csr.key-in-use"));
        String refusedDevice = sharing.get(0) instanceof String ? "batch-13" : "batch-14";
        assertNothingChanged(refusedDevice);
        assertThat(pki.auditRecords("provisioning.registered"))
                .extracting(record -> record.path("target").asString())
                .doesNotContain("device:" + refusedDevice)
                .hasSize(14);
    }

    /** The certificate a device enrols for, or the refusal's body if it is refused. */
    private Object enrolOrRefusal(Manufacturing.Bootstrap bootstrap, String device, KeyPair key) throws Exception {
        try {
            return enrol(bootstrap, device, key);
        } catch (ESTException refused) {
            assertThat(refused.getStatusCode()).as(refused.getMessage()).isEqualTo(403);
            assertThat(refused.getBody()).as("the refusal's body").isNotNull();
            return new String(refused.getBody().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private Manufacturing.Bootstrap manufactured(String device, String serial, @Nullable String firmware)
            throws Exception {
        return manufactured(device, serial, firmware, "m1");
    }

    private Manufacturing.Bootstrap manufactured(String device, String serial, @Nullable String firmware, String model)
            throws Exception {
        return manufactured(device, serial, firmware, model, null);
    }

    private Manufacturing.Bootstrap manufactured(
            String device, String serial, @Nullable String firmware, String model, @Nullable String endorsementKey)
            throws Exception {
        var bootstrap = factory.bootstrap(serial);
        Map<String, String> entry = listing(device, serial, bootstrap, firmware, model, endorsementKey);
        expect(
                api.post(
                        "/api/v1/manufacturers/acme/manifests",
                        pki.token(),
                        Map.of("signedManifest", factory.sign(Manufacturing.manifest(List.of(entry))))),
                201);
        return bootstrap;
    }

    /** A manifest's entry for {@code device}, listing its bootstrap certificate (hardware revision rev-b). */
    private static Map<String, String> listing(
            String device,
            String serial,
            Manufacturing.Bootstrap bootstrap,
            @Nullable String firmware,
            String model,
            @Nullable String endorsementKey) {
        Map<String, String> entry = new HashMap<>(Map.of(
                "deviceId", device,
                "serial", serial,
                "bootstrapCertificateSha256", bootstrap.sha256(),
                "model", model,
                "hardwareRevision", "rev-b"));
        if (firmware != null) {
            entry.put("firmwareVersion", firmware);
        }
        if (endorsementKey != null) {
            entry.put("endorsementKeySha256", endorsementKey);
        }
        return entry;
    }

    private X509Certificate enrol(Manufacturing.Bootstrap bootstrap, String device, KeyPair key) throws Exception {
        return EstClients.certificates(EstClients.est(devicePort(), pki.tenant().slug(), root, bootstrap.credential())
                        .simpleEnroll(false, DeviceKeys.request(device, key), null)
                        .getStore())
                .getFirst();
    }

    private String refusedEnrolment(Manufacturing.Bootstrap bootstrap, String device) {
        return refusedEnrolment(bootstrap, device, pki.tenant().slug());
    }

    /** The device endpoint's refusal as the JDK's HTTP client reads it: 403, and the reason code in the body. */
    private String refusedEnrolment(Manufacturing.Bootstrap bootstrap, String device, String label) {
        try {
            String csr = Base64.getEncoder()
                    .encodeToString(
                            DeviceKeys.request(device, DeviceKeys.p256()).getEncoded());
            var request = HttpRequest.newBuilder(URI.create(
                            "https://localhost:" + devicePort() + "/.well-known/est/" + label + "/simpleenroll"))
                    .header("Content-Type", "application/pkcs10")
                    .header("Content-Transfer-Encoding", "base64")
                    .POST(HttpRequest.BodyPublishers.ofString(csr, StandardCharsets.US_ASCII))
                    .build();
            try (var client = EstClients.http(root, bootstrap.credential())) {
                HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
                assertThat(response.statusCode()).as(response.body()).isEqualTo(403);
                return response.body();
            }
        } catch (IOException e) {
            throw new AssertionError("the enrolment failed without an answer", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private void setWebhook(String url) {
        expect(api.put("/api/v1/provisioning/policy", pki.token(), Map.of("webhookUrl", url)), 200);
    }

    private JsonNode entry(String device) {
        return expect(api.get("/api/v1/devices/" + device + "/manifest-entries", pki.token()), 200)
                .body()
                .path("entries")
                .get(0);
    }

    private void assertNothingChanged(String device) {
        assertThat(api.get("/api/v1/devices/" + device, pki.token()).status())
                .as(device + " is not registered")
                .isEqualTo(404);
        assertThat(entry(device).path("usedAt").isNull())
                .as(device + "'s entry is unused")
                .isTrue();
    }

    private void assertAuditedRefusal(String reason) {
        assertThat(pki.auditRecords("provisioning.registration-refused")).anySatisfy(record -> {
            assertThat(record.path("outcome").asString()).isEqualTo("refused");
            assertThat(record.path("details").path("reason").asString()).isEqualTo(reason);
        });
    }

    private static ApiResponse expect(ApiResponse response, int status) {
        assertThat(response.status()).as(response.rawBody()).isEqualTo(status);
        return response;
    }
}
