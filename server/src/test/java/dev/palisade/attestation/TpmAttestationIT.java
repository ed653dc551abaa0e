package dev.palisade.attestation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.identity.DeviceId;
import dev.palisade.shared.TenantId;
import dev.palisade.support.ApiResponse;
import dev.palisade.support.EstClients;
import dev.palisade.support.EstClients.Credential;
import dev.palisade.support.ReferenceValues;
import dev.palisade.support.SoftwareTpm;
import dev.palisade.support.TenantPki;
import dev.palisade.support.WithServer;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * TPM attestation end to end with a software TPM (swtpm) driven by tpm2-tools, as a device would: the server makes the
 * credential that {@code tpm2_activatecredential} recovers, then verifies quotes that {@code tpm2_quote} made over its
 * nonces. Each test has its own device and model, and reads the reference values from the TPM before changing it.
 */
class TpmAttestationIT extends WithServer {

    private static final String PCRS = "sha256:0,1,2,3,7";
    private static SoftwareTpm tpm;

    @Autowired
    AttestationVerdicts verdicts;

    @Autowired
    Reattestation reattestation;

    @Autowired
    java.time.Clock clock;

    private X509Certificate root;
    private TestTenant tenant;
    private TenantPki pki;

    @BeforeAll
    static void startTpm() throws Exception {
        tpm = SoftwareTpm.startInTemporaryDirectory("palisade-tpm");
        tpm.createEndorsementKey("rsa");
        tpm.createAttestationKey("ak", "rsa", "rsassa");
        tpm.createAttestationKey("other-ak", "rsa", "rsassa");
        tpm.createEndorsementKey("ek-ecc", "ecc");
        tpm.createAttestationKey("ek-ecc", "ak-ecc", "ecc", "ecdsa");
    }

    @AfterAll
    static void stopTpm() {
        tpm.close();
    }

    @BeforeEach
    void tenant() {
        root = EstClients.awaitDeviceEndpoint(devicePort(), DATA_DIR);
        tenant = newTenant();
        pki = new TenantPki(api, tenant);
    }

    @Test
    void deviceBindsItsAttestationKeyAndAGoodQuotePasses() {
        String model = model();
        AttestationDevice device = enrolledDevice("meter", model);
        String deviceId = deviceIdOf(device);
        ReferenceValues.putPcrs(api, tenant.adminToken(), model, "1.0.0", tpm.pcrValues(0, 1, 2, 3, 7));

        JsonNode verdict = expect(quote(device, "ak", device.nonce()), 200).body();

        assertThat(verdict.path("verdict").asString()).isEqualTo("pass");
        assertThat(verdict.path("reason").asString()).isEqualTo("attestation.passed");
        assertThat(verdict.path("assurance").asString()).isEqualTo("tpm-quote");
        assertThat(verdict.path("release").asString()).isEqualTo("1.0.0");
        JsonNode history = api.get("/api/v1/devices/" + deviceId + "/attestation", tenant.adminToken())
                .body();
        assertThat(history.path("items").get(0).path("id").asString())
                .isEqualTo(verdict.path("id").asString());
        assertThat(verdicts.freshPass(tenantId(), DeviceId.of(deviceId), Duration.ofMinutes(5)))
                .isTrue();
        assertThat(verdicts.freshPass(
                        tenantId(), DeviceId.of(deviceId), Duration.ofMinutes(5), AssuranceLevel.TPM_QUOTE))
                .isTrue();
        assertThat(pki.auditRecords("attestation.key-bound")).hasSize(1);
        assertThat(pki.auditRecords("attestation.passed")).hasSize(1);
        JsonNode key = api.get("/api/v1/devices/" + deviceId + "/endorsement-key", tenant.adminToken())
                .body();
        assertThat(key.path("attestationKeyName").asString())
                .isEqualTo(HexFormat.of().formatHex(tpm.read("ak.name")));
    }

    @Test
    void eccEndorsementKeyActivatesAnEcdsaAttestationKeyWhoseQuotesPass() {
        String model = model();
        String deviceId = pki.newDevice("meter");
        expect(
                api.patch(
                        "/api/v1/devices/" + deviceId,
                        tenant.adminToken(),
                        Map.of("attributes", Map.of("model", model))),
                200);
        var device = new AttestationDevice(devicePort(), root, pki.issue(deviceId, "device"));
        expect(
                api.put(
                        "/api/v1/devices/" + deviceId + "/endorsement-key",
                        tenant.adminToken(),
                        Map.of("publicArea", b64(tpm.read("ek-ecc.pub")))),
                200);
        JsonNode challenge = expect(
                        device.post(
                                "ak-challenge",
                                Map.of(
                                        "endorsementKey", b64(tpm.read("ek-ecc.pub")),
                                        "attestationKey", b64(tpm.read("ak-ecc.pub")))),
                        200)
                .body();
        byte[] secret = tpm.activateCredential(
                "ek-ecc",
                "ak-ecc",
                Base64.getDecoder().decode(challenge.path("credential").asString()));
        expect(
                device.post(
                        "ak-activate",
                        Map.of("challengeId", challenge.path("challengeId").asString(), "secret", b64(secret))),
                200);
        ReferenceValues.putPcrs(api, tenant.adminToken(), model, "1.0.0", tpm.pcrValues(0, 1, 2, 3, 7));

        JsonNode verdict = expect(quote(device, "ak-ecc", device.nonce()), 200).body();

        assertThat(verdict.path("verdict").asString()).isEqualTo("pass");
        assertThat(verdict.path("assurance").asString()).isEqualTo("tpm-quote");
    }

    @Test
    void theNonceNamesThePcrsEveryReleaseOfTheModelNames() {
        String model = model();
        AttestationDevice device = enrolledDevice("meter", model);

        String beforeAnyRelease = device.post("nonce", Map.of()).text("pcrSelection");
        ReferenceValues.putPcrs(
                api, tenant.adminToken(), model, "1.0.0", Map.of("0", "00".repeat(32), "7", "00".repeat(32)));
        expect(
                api.put(
                        "/api/v1/attestation/references/" + model + "/1.1.0",
                        tenant.adminToken(),
                        Map.of(
                                "pcrs",
                                Map.of("sha256", Map.of("1", "00".repeat(32)), "sha1", Map.of("7", "00".repeat(20))))),
                201);
        String withReleases = device.post("nonce", Map.of()).text("pcrSelection");

        assertThat(beforeAnyRelease).isEqualTo("sha256:0,1,2,3,4,5,6,7");
        assertThat(withReleases).isEqualTo("sha1:7+sha256:0,1,7");
    }

    @Test
    void bothReleasesOfARolloutPass() {
        String model = model();
        AttestationDevice device = enrolledDevice("meter", model);
        Map<String, String> current = tpm.pcrValues(0, 1, 2, 3, 7);
        Map<String, String> next = new java.util.TreeMap<>(current);
        next.put("7", "00".repeat(31) + "01");
        ReferenceValues.putPcrs(api, tenant.adminToken(), model, "1.0.0", current);
        ReferenceValues.putPcrs(api, tenant.adminToken(), model, "1.1.0", next);

        JsonNode verdict = expect(quote(device, "ak", device.nonce()), 200).body();

        assertThat(verdict.path("verdict").asString()).isEqualTo("pass");
        assertThat(verdict.path("release").asString()).isEqualTo("1.0.0");
    }

    @Test
    void changedPcrFailsAndQuarantinesWhenTheTenantSaysSo() {
        String model = model();
        AttestationDevice device = enrolledDevice("meter", model);
        String deviceId = deviceIdOf(device);
        ReferenceValues.putPcrs(api, tenant.adminToken(), model, "1.0.0", tpm.pcrValues(0, 1, 2, 3, 7));
        expect(
                api.put(
                        "/api/v1/attestation/settings",
                        tenant.adminToken(),
                        Map.of("quarantineOnFailure", true, "acceptBootLogs", true)),
                200);
        tpm.extend(7);

        JsonNode verdict = expect(quote(device, "ak", device.nonce()), 200).body();

        assertThat(verdict.path("verdict").asString()).isEqualTo("fail");
        assertThat(verdict.path("reason").asString()).isEqualTo("attestation.reference.pcr-mismatch");
        assertThat(verdict.path("detail").asString()).contains("sha256:7 differs");
        assertThat(pki.state(deviceId)).isEqualTo("quarantined");
        assertThat(verdicts.freshPass(tenantId(), DeviceId.of(deviceId), Duration.ofMinutes(5)))
                .isFalse();
        assertThat(pki.auditRecords("attestation.failed")).hasSize(1);
    }

    @Test
    void replayedNonceIsRefusedAndChangesNothing() {
        String model = model();
        AttestationDevice device = enrolledDevice("meter", model);
        ReferenceValues.putPcrs(api, tenant.adminToken(), model, "1.0.0", tpm.pcrValues(0, 1, 2, 3, 7));
        String nonce = device.nonce();
        SoftwareTpm.Quote quote = tpm.quote("ak", PCRS, nonce);
        expect(device.post("quote", quoteBody(nonce, quote)), 200);
        long auditBefore = pki.auditSize();

        ApiResponse replayed = device.post("quote", quoteBody(nonce, quote));

        assertThat(replayed.status()).isEqualTo(409);
        assertThat(replayed.code()).isEqualTo("attestation.nonce.replayed");
        assertRefusedAndAudited(deviceIdOf(device), auditBefore, 1, "attestation.nonce.replayed");
    }

    @Test
    void expiredNonceIsRefused() throws Exception {
        String model = model();
        AttestationDevice device = enrolledDevice("meter", model);
        ReferenceValues.putPcrs(api, tenant.adminToken(), model, "1.0.0", tpm.pcrValues(0, 1, 2, 3, 7));
        String nonce = device.nonce();
        SoftwareTpm.Quote quote = tpm.quote("ak", PCRS, nonce);
        Thread.sleep(Duration.ofSeconds(11)); // the tests' nonce lifetime is 10 s
        long auditBefore = pki.auditSize();

        ApiResponse late = device.post("quote", quoteBody(nonce, quote));

        assertThat(late.status()).isEqualTo(409);
        assertThat(late.code()).isEqualTo("attestation.nonce.expired");
        assertRefusedAndAudited(deviceIdOf(device), auditBefore, 0, "attestation.nonce.expired");
    }

    @Test
    void nonceOfAnotherDeviceIsUnknown() {
        String model = model();
        AttestationDevice device = enrolledDevice("meter", model);
        AttestationDevice other = enrolledDevice("other", model);
        String nonce = other.nonce();

        ApiResponse refused = quote(device, "ak", nonce);

        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.code()).isEqualTo("attestation.nonce.unknown");
    }

    @Test
    void quoteSignedByAnotherAttestationKeyIsRefused() {
        String model = model();
        AttestationDevice device = enrolledDevice("meter", model);
        ReferenceValues.putPcrs(api, tenant.adminToken(), model, "1.0.0", tpm.pcrValues(0, 1, 2, 3, 7));
        long auditBefore = pki.auditSize();

        ApiResponse refused = quote(device, "other-ak", device.nonce());

        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.code()).isEqualTo("attestation.quote.signature-invalid");
        assertRefusedAndAudited(deviceIdOf(device), auditBefore, 0, "attestation.quote.signature-invalid");
    }

    @Test
    void reportedValueThatIsNotTheQuotedOneIsRefused() {
        String model = model();
        AttestationDevice device = enrolledDevice("meter", model);
        Map<String, String> values = tpm.pcrValues(0, 1, 2, 3, 7);
        ReferenceValues.putPcrs(api, tenant.adminToken(), model, "1.0.0", values);
        String nonce = device.nonce();
        SoftwareTpm.Quote quote = tpm.quote("ak", PCRS, nonce);
        Map<String, String> forged = new java.util.TreeMap<>(values);
        forged.put("0", "11".repeat(32));

        ApiResponse refused = device.post(
                "quote",
                Map.of(
                        "nonce", nonce,
                        "quote", b64(quote.attest()),
                        "signature", b64(quote.signature()),
                        "pcrs", Map.of("sha256", forged)));

        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.code()).isEqualTo("attestation.quote.pcr-digest-mismatch");
    }

    @Test
    void malformedQuotesAreRefusedWithAReason() {
        String model = model();
        AttestationDevice device = enrolledDevice("meter", model);
        String nonce = device.nonce();
        SoftwareTpm.Quote quote = tpm.quote("ak", PCRS, nonce);
        byte[] truncated = java.util.Arrays.copyOf(quote.attest(), quote.attest().length - 5);
        byte[] wrongMagic = quote.attest().clone();
        wrongMagic[0] = 0x00;
        Map<String, Map<String, String>> pcrs = Map.of("sha256", tpm.pcrValues(0, 1, 2, 3, 7));

        ApiResponse cut = device.post(
                "quote",
                Map.of("nonce", nonce, "quote", b64(truncated), "signature", b64(quote.signature()), "pcrs", pcrs));
        String second = device.nonce();
        ApiResponse magic = device.post(
                "quote",
                Map.of("nonce", second, "quote", b64(wrongMagic), "signature", b64(quote.signature()), "pcrs", pcrs));

        assertThat(cut.status()).isEqualTo(400);
        assertThat(cut.code()).isEqualTo("attestation.evidence.malformed");
        assertThat(cut.text("detail")).contains("truncated");
        assertThat(magic.status()).isEqualTo(400);
        assertThat(magic.text("detail")).contains("magic");
        assertThat(pki.auditRecords("attestation.refused")).hasSize(2);
    }

    @Test
    void endorsementKeyNotExpectedForTheDeviceIsRefusedAndNoKeyIsBound() {
        String deviceId = pki.newDevice("meter");
        Credential credential = pki.issue(deviceId, "device");
        var device = new AttestationDevice(devicePort(), root, credential);
        expect(
                api.put(
                        "/api/v1/devices/" + deviceId + "/endorsement-key",
                        tenant.adminToken(),
                        Map.of("sha256", "5a".repeat(32))),
                200);
        long auditBefore = pki.auditSize();

        ApiResponse refused = device.post(
                "ak-challenge",
                Map.of("endorsementKey", b64(tpm.read("ek.pub")), "attestationKey", b64(tpm.read("ak.pub"))));

        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.code()).isEqualTo("attestation.endorsement.not-expected");
        JsonNode key = api.get("/api/v1/devices/" + deviceId + "/endorsement-key", tenant.adminToken())
                .body();
        assertThat(key.path("attestationKeyName").isNull()).isTrue();
        assertRefusedAndAudited(deviceId, auditBefore, 0, "attestation.endorsement.not-expected");
    }

    @Test
    void wrongCredentialSecretBindsNothing() {
        String deviceId = pki.newDevice("meter");
        var device = new AttestationDevice(devicePort(), root, pki.issue(deviceId, "device"));
        expectEndorsementKey(deviceId);
        JsonNode challenge = expect(
                        device.post(
                                "ak-challenge",
                                Map.of(
                                        "endorsementKey",
                                        b64(tpm.read("ek.pub")),
                                        "attestationKey",
                                        b64(tpm.read("ak.pub")))),
                        200)
                .body();

        ApiResponse wrong = device.post(
                "ak-activate",
                Map.of("challengeId", challenge.path("challengeId").asString(), "secret", b64(new byte[32])));
        ApiResponse again = device.post(
                "ak-activate",
                Map.of(
                        "challengeId",
                        challenge.path("challengeId").asString(),
                        "secret",
                        b64(tpm.activateCredential(
                                "ak",
                                Base64.getDecoder()
                                        .decode(challenge.path("credential").asString())))));

        assertThat(wrong.status()).isEqualTo(403);
        assertThat(wrong.code()).isEqualTo("attestation.challenge.wrong-secret");
        assertThat(again.status()).as("a challenge is answered once").isEqualTo(409);
        assertThat(again.code()).isEqualTo("attestation.challenge.unknown");
    }

    @Test
    void missedReattestationQuarantinesTheDevice() {
        String model = model();
        AttestationDevice device = enrolledDevice("meter", model);
        String deviceId = deviceIdOf(device);
        ReferenceValues.putPcrs(api, tenant.adminToken(), model, "1.0.0", tpm.pcrValues(0, 1, 2, 3, 7));
        expect(quote(device, "ak", device.nonce()), 200);
        expect(
                api.put("/api/v1/attestation/settings", tenant.adminToken(), Map.of("reattestationInterval", "PT1H")),
                200);

        List<DeviceId> onTime = reattestation.quarantineOverdue(tenantId(), clock.instant());
        List<DeviceId> late =
                reattestation.quarantineOverdue(tenantId(), clock.instant().plus(Duration.ofHours(2)));

        assertThat(onTime).isEmpty();
        assertThat(late).containsExactly(DeviceId.of(deviceId));
        assertThat(pki.state(deviceId)).isEqualTo("quarantined");
        JsonNode latest = api.get("/api/v1/devices/" + deviceId + "/attestation", tenant.adminToken())
                .body()
                .path("items")
                .get(0);
        assertThat(latest.path("reason").asString()).isEqualTo("attestation.missed");
        assertThat(latest.path("verifier").asString()).isEqualTo("schedule");
    }

    // ---

    private static String model() {
        return "model-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private final Map<AttestationDevice, String> deviceIds = new java.util.IdentityHashMap<>();

    private String deviceIdOf(AttestationDevice device) {
        return java.util.Objects.requireNonNull(deviceIds.get(device));
    }

    /** A registered, active device of {@code model} whose attestation key is bound to the TPM's endorsement key. */
    private AttestationDevice enrolledDevice(String prefix, String model) {
        String deviceId = pki.newDevice(prefix);
        expect(
                api.patch(
                        "/api/v1/devices/" + deviceId,
                        tenant.adminToken(),
                        Map.of("attributes", Map.of("model", model))),
                200);
        var device = new AttestationDevice(devicePort(), root, pki.issue(deviceId, "device"));
        deviceIds.put(device, deviceId);
        expectEndorsementKey(deviceId);
        JsonNode challenge = expect(
                        device.post(
                                "ak-challenge",
                                Map.of(
                                        "endorsementKey",
                                        b64(tpm.read("ek.pub")),
                                        "attestationKey",
                                        b64(tpm.read("ak.pub")))),
                        200)
                .body();
        byte[] secret = tpm.activateCredential(
                "ak", Base64.getDecoder().decode(challenge.path("credential").asString()));
        expect(
                device.post(
                        "ak-activate",
                        Map.of("challengeId", challenge.path("challengeId").asString(), "secret", b64(secret))),
                200);
        return device;
    }

    private void expectEndorsementKey(String deviceId) {
        expect(
                api.put(
                        "/api/v1/devices/" + deviceId + "/endorsement-key",
                        tenant.adminToken(),
                        Map.of("publicArea", b64(tpm.read("ek.pub")))),
                200);
    }

    private ApiResponse quote(AttestationDevice device, String key, String nonce) {
        return device.post("quote", quoteBody(nonce, tpm.quote(key, PCRS, nonce)));
    }

    private Map<String, Object> quoteBody(String nonce, SoftwareTpm.Quote quote) {
        return Map.of(
                "nonce",
                nonce,
                "quote",
                b64(quote.attest()),
                "signature",
                b64(quote.signature()),
                "pcrs",
                Map.of("sha256", tpm.pcrValues(0, 1, 2, 3, 7)));
    }

    /** The refusal added exactly one audit record, and the device's verdicts are as they were. */
    private void assertRefusedAndAudited(String deviceId, long auditBefore, int verdictsBefore, String reason) {
        assertThat(pki.auditSize()).isEqualTo(auditBefore + 1);
        List<JsonNode> refusals = pki.auditRecords("attestation.refused");
        JsonNode last = refusals.getLast();
        assertThat(last.path("outcome").asString()).isEqualTo("refused");
        assertThat(last.path("details").path("reason").asString()).isEqualTo(reason);
        assertThat(last.path("target").asString()).isEqualTo("device:" + deviceId);
        assertThat(api.get("/api/v1/devices/" + deviceId + "/attestation", tenant.adminToken())
                        .body()
                        .path("items"))
                .hasSize(verdictsBefore);
    }

    private TenantId tenantId() {
        return TenantId.parse(tenant.id());
    }

    private static String b64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    private static ApiResponse expect(ApiResponse response, int status) {
        if (response.status() != status) {
            throw new AssertionError("expected " + status + ", got " + response.status() + ": " + response.rawBody());
        }
        return response;
    }
}
