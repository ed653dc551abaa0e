package dev.palisade.provisioning;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.support.ApiResponse;
import dev.palisade.support.Manufacturing;
import dev.palisade.support.TenantPki;
import dev.palisade.support.WithServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * A manufacturer's signed manifest, made by openssl ({@code openssl cms -sign}), imported through the API: accepted
 * when its signature verifies with the manufacturer's registered key, refused with a reason code, nothing stored and
 * the refusal audited when it was changed, signed by another key, or repeats an entry.
 */
class ManifestImportIT extends WithServer {

    private static final String EK = "a1".repeat(32);

    private TenantPki pki;
    private Manufacturing factory;

    @BeforeEach
    void manufacturerIsRegistered() throws Exception {
        pki = new TenantPki(api, newTenant());
        factory = new Manufacturing(
                Path.of("target/manufacturing", UUID.randomUUID().toString()), "acme");
        expect(api.post("/api/v1/manufacturers", pki.token(), factory.registration()), 201);
    }

    @Test
    void signedManifestIsImportedAndItsEntriesWaitForTheirDevices() throws Exception {
        var bootstrap = factory.bootstrap("SN-0001");
        String manifest = Manufacturing.manifest(List.of(
                Map.of(
                        "deviceId", "meter-0001",
                        "serial", "SN-0001",
                        "bootstrapCertificateSha256", bootstrap.sha256(),
                        "model", "m1",
                        "hardwareRevision", "rev-b",
                        "firmwareVersion", "1.4.0"),
                Map.of("deviceId", "meter-0002", "endorsementKeySha256", EK, "model", "m1", "hardwareRevision", "b")));

        ApiResponse imported = importManifest(factory.sign(manifest));

        assertThat(imported.status()).as(imported.rawBody()).isEqualTo(201);
        assertThat(imported.body().path("entries").asInt()).isEqualTo(2);
        JsonNode entry = api.get("/api/v1/devices/meter-0002/manifest-entries", pki.token())
                .body()
                .path("entries")
                .get(0);
        assertThat(entry.path("endorsementKeySha256").asString()).isEqualTo(EK);
        assertThat(entry.path("usedAt").isNull()).isTrue();
        JsonNode first = api.get("/api/v1/devices/meter-0001/manifest-entries", pki.token())
                .body()
                .path("entries")
                .get(0);
        assertThat(first.path("bootstrapCertificateSha256").asString())
                .isEqualTo(bootstrap.sha256().replace(":", "").toLowerCase(java.util.Locale.ROOT));
        assertThat(pki.auditRecords("manifest.imported")).hasSize(1);
        assertThat(api.get("/api/v1/devices/meter-0001", pki.token()).status())
                .as("entries wait for first contact; the device is not registered yet")
                .isEqualTo(404);
    }

    @Test
    void tamperedManifestIsRefusedNothingStoredAndAudited() throws Exception {
        String manifest = Manufacturing.manifest(List.of(Map.of(
                "deviceId", "meter-0003",
                "endorsementKeySha256", EK,
                "model", "m1",
                "hardwareRevision", "b",
                "firmwareVersion", "1.4.0")));
        String signed = factory.sign(manifest);
        byte[] der = der(signed);
        String text = new String(der, StandardCharsets.ISO_8859_1).replace("1.4.0", "9.4.0");
        String tampered = Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.ISO_8859_1));

        ApiResponse refused = importManifest(tampered);

        assertRefused(refused, "provisioning.manifest.bad-signature", "meter-0003");
    }

    @Test
    void manifestSignedByAnotherKeyIsRefused() throws Exception {
        var impostor = new Manufacturing(
                Path.of("target/manufacturing", UUID.randomUUID().toString()), "impostor");
        String manifest = Manufacturing.manifest(List.of(
                Map.of("deviceId", "meter-0004", "endorsementKeySha256", EK, "model", "m1", "hardwareRevision", "b")));

        ApiResponse refused = importManifest(factory.signAs(impostor, manifest));

        assertRefused(refused, "provisioning.manifest.bad-signature", "meter-0004");
    }

    @Test
    void duplicateEntriesAreRefusedWithinAManifestAndAcrossManifests() throws Exception {
        var twice =
                Map.of("deviceId", "meter-0005", "endorsementKeySha256", EK, "model", "m1", "hardwareRevision", "b");
        ApiResponse withinOne = importManifest(factory.sign(Manufacturing.manifest(List.of(twice, twice))));
        assertRefused(withinOne, "provisioning.manifest.duplicate-entry", "meter-0005");
        expect(importManifest(factory.sign(Manufacturing.manifest(List.of(twice)))), 201);
        long auditSize = pki.auditSize();

        ApiResponse again = importManifest(factory.sign(Manufacturing.manifest(List.of(
                Map.of("deviceId", "meter-0006", "endorsementKeySha256", EK, "model", "m1", "hardwareRevision", "b"),
                twice))));

        assertThat(again.status()).isEqualTo(400);
        assertThat(again.code()).isEqualTo("provisioning.manifest.duplicate-entry");
        assertThat(api.get("/api/v1/devices/meter-0006/manifest-entries", pki.token())
                        .status())
                .as("nothing of the refused manifest is stored")
                .isEqualTo(404);
        assertThat(pki.auditSize()).isEqualTo(auditSize + 1);
    }

    @Test
    void manifestThatIsNotCmsOrNotAValidManifestIsRefused() throws Exception {
        ApiResponse notCms = importManifest("bm90IGNtcw==");
        ApiResponse unknownField = importManifest(factory.sign(Manufacturing.manifest(List.of(Map.of(
                "deviceId",
                "meter-0007",
                "endorsementKeySha256",
                EK,
                "model",
                "m1",
                "hardwareRevision",
                "b",
                "colour",
                "red")))));

        assertThat(notCms.code()).isEqualTo("provisioning.manifest.malformed");
        assertThat(unknownField.code()).isEqualTo("provisioning.manifest.invalid");
        assertThat(unknownField.rawBody()).contains("colour");
    }

    private void assertRefused(ApiResponse refused, String code, String device) {
        assertThat(refused.status()).as(refused.rawBody()).isEqualTo(400);
        assertThat(refused.code()).isEqualTo(code);
        assertThat(api.get("/api/v1/devices/" + device + "/manifest-entries", pki.token())
                        .status())
                .isEqualTo(404);
        List<JsonNode> audited = pki.auditRecords("manifest.import-refused");
        assertThat(audited).isNotEmpty();
        JsonNode last = audited.getLast();
        assertThat(last.path("outcome").asString()).isEqualTo("refused");
        assertThat(last.path("details").path("reason").asString()).isEqualTo(code);
    }

    private ApiResponse importManifest(String signed) {
        return api.post("/api/v1/manufacturers/acme/manifests", pki.token(), Map.of("signedManifest", signed));
    }

    private static byte[] der(String pem) {
        return Base64.getMimeDecoder()
                .decode(pem.replaceAll("-----[A-Z ]+-----", "").strip());
    }

    private static ApiResponse expect(ApiResponse response, int status) {
        assertThat(response.status()).as(response.rawBody()).isEqualTo(status);
        return response;
    }
}
