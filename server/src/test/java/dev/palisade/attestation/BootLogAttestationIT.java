package dev.palisade.attestation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.identity.DeviceId;
import dev.palisade.shared.TenantId;
import dev.palisade.support.ApiResponse;
import dev.palisade.support.DeviceKeys;
import dev.palisade.support.EstClients;
import dev.palisade.support.TenantPki;
import dev.palisade.support.TestApi;
import dev.palisade.support.WithServer;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * Devices without a TPM attest with a boot log signed by the key of their device certificate: accepted at the lower
 * signed-boot-log assurance, which a gate asking for a TPM quote refuses.
 */
class BootLogAttestationIT extends WithServer {

    private static final Map<String, String> MEASURED = Map.of(
            "bootloader", "a1".repeat(32),
            "kernel", "b2".repeat(32),
            "rootfs", "c3".repeat(32));

    @Autowired
    AttestationVerdicts verdicts;

    @Autowired
    Attestation attestation;

    @Autowired
    java.time.Clock clock;

    private X509Certificate root;
    private TestTenant tenant;
    private TenantPki pki;
    private String model;

    @BeforeEach
    void tenant() {
        root = EstClients.awaitDeviceEndpoint(devicePort(), DATA_DIR);
        tenant = newTenant();
        pki = new TenantPki(api, tenant);
        model = "sensor-" + UUID.randomUUID().toString().substring(0, 8);
        ApiResponse put = api.put(
                "/api/v1/attestation/references/" + model + "/2.4.1",
                tenant.adminToken(),
                Map.of("measurements", MEASURED));
        assertThat(put.status()).isEqualTo(201);
    }

    @Test
    void signedBootLogPassesAtTheLowerAssurance() throws Exception {
        KeyPair key = DeviceKeys.p256();
        String deviceId = device(key);
        AttestationDevice device = new AttestationDevice(devicePort(), root, credential(deviceId, key));

        JsonNode verdict = send(device, deviceId, MEASURED, key.getPrivate()).body();

        assertThat(verdict.path("verdict").asString()).isEqualTo("pass");
        assertThat(verdict.path("assurance").asString()).isEqualTo("signed-boot-log");
        assertThat(verdict.path("release").asString()).isEqualTo("2.4.1");
        TenantId tenantId = TenantId.parse(tenant.id());
        assertThat(verdicts.freshPass(tenantId, DeviceId.of(deviceId), Duration.ofMinutes(5)))
                .isTrue();
        assertThat(verdicts.freshPass(tenantId, DeviceId.of(deviceId), Duration.ofMinutes(5), AssuranceLevel.TPM_QUOTE))
                .isFalse();
    }

    @Test
    void changedMeasurementFails() throws Exception {
        KeyPair key = DeviceKeys.p256();
        String deviceId = device(key);
        AttestationDevice device = new AttestationDevice(devicePort(), root, credential(deviceId, key));
        Map<String, String> changed = new java.util.TreeMap<>(MEASURED);
        changed.put("kernel", "ff".repeat(32));

        JsonNode verdict = send(device, deviceId, changed, key.getPrivate()).body();

        assertThat(verdict.path("verdict").asString()).isEqualTo("fail");
        assertThat(verdict.path("reason").asString()).isEqualTo("attestation.reference.measurement-mismatch");
        assertThat(verdict.path("detail").asString()).contains("kernel differs");
    }

    @Test
    void logSignedByAnotherKeyIsRefused() throws Exception {
        KeyPair key = DeviceKeys.p256();
        String deviceId = device(key);
        AttestationDevice device = new AttestationDevice(devicePort(), root, credential(deviceId, key));

        ApiResponse refused = send(device, deviceId, MEASURED, DeviceKeys.p256().getPrivate());

        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.code()).isEqualTo("attestation.boot-log.signature-invalid");
        assertThat(pki.auditRecords("attestation.refused")).hasSize(1);
    }

    @Test
    void tenantThatAcceptsOnlyQuotesFailsBootLogs() throws Exception {
        KeyPair key = DeviceKeys.p256();
        String deviceId = device(key);
        AttestationDevice device = new AttestationDevice(devicePort(), root, credential(deviceId, key));
        assertThat(api.put("/api/v1/attestation/settings", tenant.adminToken(), Map.of("acceptBootLogs", false))
                        .status())
                .isEqualTo(200);

        JsonNode verdict = send(device, deviceId, MEASURED, key.getPrivate()).body();

        assertThat(verdict.path("verdict").asString()).isEqualTo("fail");
        assertThat(verdict.path("reason").asString()).isEqualTo("attestation.boot-log.not-accepted");
    }

    @Test
    void reenrolmentWaitsForAFreshPassWhereTheTenantRequiresOne() throws Exception {
        KeyPair key = DeviceKeys.p256();
        String deviceId = device(key);
        EstClients.Credential current = credential(deviceId, key);
        ApiResponse tooShort = api.put(
                "/api/v1/attestation/settings", tenant.adminToken(), Map.of("reenrolmentRequiresPassWithin", "PT10S"));
        ApiResponse set = api.put(
                "/api/v1/attestation/settings", tenant.adminToken(), Map.of("reenrolmentRequiresPassWithin", "PT1H"));

        Throwable beforeAttesting = org.assertj.core.api.Assertions.catchThrowable(() -> reenrol(deviceId, current));
        JsonNode verdict = send(
                        new AttestationDevice(devicePort(), root, current), deviceId, MEASURED, key.getPrivate())
                .body();
        X509Certificate renewed = reenrol(deviceId, current);

        assertThat(tooShort.status()).isEqualTo(400);
        assertThat(tooShort.rawBody()).contains("reenrolmentRequiresPassWithin");
        assertThat(set.status()).as(set.rawBody()).isEqualTo(200);
        assertThat(set.body().path("reenrolmentRequiresPassWithin").asString()).isEqualTo("PT1H");
        assertThat(beforeAttesting)
                .as("no passing verdict yet: no new certificate")
                .isInstanceOf(org.bouncycastle.est.ESTException.class);
        assertThat(((org.bouncycastle.est.ESTException) beforeAttesting).getStatusCode())
                .isEqualTo(403);
        assertThat(verdict.path("verdict").asString()).isEqualTo("pass");
        assertThat(renewed.getSubjectX500Principal().getName()).contains(deviceId);
    }

    @Test
    void certificatesEndByTheLatestPassPlusTheTenantsCap() throws Exception {
        KeyPair key = DeviceKeys.p256();
        String deviceId = device(key);
        EstClients.Credential current = credential(deviceId, key);
        ApiResponse tooShort = api.put(
                "/api/v1/attestation/settings", tenant.adminToken(), Map.of("certificateLifetimeFromPass", "PT30M"));
        ApiResponse set = api.put(
                "/api/v1/attestation/settings", tenant.adminToken(), Map.of("certificateLifetimeFromPass", "PT6H"));

        X509Certificate beforeAttesting = reenrol(deviceId, current);
        JsonNode verdict = send(
                        new AttestationDevice(devicePort(), root, current), deviceId, MEASURED, key.getPrivate())
                .body();
        X509Certificate afterAttesting = reenrol(deviceId, current);

        assertThat(tooShort.status()).isEqualTo(400);
        assertThat(tooShort.rawBody()).contains("certificateLifetimeFromPass");
        assertThat(set.status()).as(set.rawBody()).isEqualTo(200);
        assertThat(set.body().path("certificateLifetimeFromPass").asString()).isEqualTo("PT6H");
        java.time.Instant now = clock.instant();
        assertThat(beforeAttesting.getNotAfter().toInstant())
                .as("no pass yet: the shortest lifetime, an hour")
                .isBetween(now.plus(java.time.Duration.ofMinutes(50)), now.plus(java.time.Duration.ofMinutes(61)));
        java.time.Instant passedAt =
                java.time.Instant.parse(verdict.path("verifiedAt").asString());
        assertThat(afterAttesting.getNotAfter().toInstant())
                .as("the latest pass plus six hours, not the profile's thirty days")
                .isBetween(
                        passedAt.plus(java.time.Duration.ofHours(6)).minusSeconds(1),
                        passedAt.plus(java.time.Duration.ofHours(6)));
    }

    private X509Certificate reenrol(String deviceId, EstClients.Credential current) throws Exception {
        return EstClients.certificates(EstClients.est(devicePort(), tenant.slug(), root, current)
                        .simpleEnroll(true, DeviceKeys.request(deviceId, DeviceKeys.p256()), null)
                        .getStore())
                .getFirst();
    }

    @Test
    void evidenceForAnUnknownDeviceIsRefusedAndAudited() {
        long auditBefore = pki.auditSize();
        var evidence = new Evidence.SignedBootLog(
                new byte[] {'{', '}'}, new byte[0], DeviceKeys.p256().getPublic());

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> attestation.attest(
                        TenantId.parse(tenant.id()), DeviceId.of("ghost-0001"), evidence, "test-request"))
                .isInstanceOf(dev.palisade.shared.problem.NotFoundException.class)
                .hasMessageContaining("ghost-0001");

        assertThat(pki.auditSize()).isEqualTo(auditBefore + 1);
        JsonNode refusal = pki.auditRecords("attestation.refused").getLast();
        assertThat(refusal.path("details").path("reason").asString()).isEqualTo("attestation.device.unknown");
        assertThat(refusal.path("target").asString()).isEqualTo("device:ghost-0001");
    }

    private String device(KeyPair key) {
        String deviceId = pki.newDevice("sensor");
        assertThat(api.patch(
                                "/api/v1/devices/" + deviceId,
                                tenant.adminToken(),
                                Map.of("attributes", Map.of("model", model)))
                        .status())
                .isEqualTo(200);
        return deviceId;
    }

    private EstClients.Credential credential(String deviceId, KeyPair key) {
        return pki.issue(deviceId, "device", key);
    }

    private static ApiResponse send(
            AttestationDevice device, String deviceId, Map<String, String> measurements, PrivateKey signer)
            throws Exception {
        byte[] log = TestApi.JSON
                .writeValueAsString(Map.of("device", deviceId, "nonce", device.nonce(), "measurements", measurements))
                .getBytes(StandardCharsets.UTF_8);
        Signature signature = Signature.getInstance("SHA256withECDSA");
        signature.initSign(signer);
        signature.update(log);
        return device.post(
                "boot-log",
                Map.of(
                        "log", Base64.getEncoder().encodeToString(log),
                        "signature", Base64.getEncoder().encodeToString(signature.sign())));
    }
}
