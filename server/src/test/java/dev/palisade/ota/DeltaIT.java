package dev.palisade.ota;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.luben.zstd.ZstdInputStreamNoFinalizer;
import dev.palisade.protocol.ota.DeltaFormat;
import dev.palisade.support.EstClients;
import dev.palisade.support.TenantPki;
import dev.palisade.support.WithServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Binary deltas between releases: generated on request with zstd's patch-from, kept only when smaller than the image
 * and reproducing it, and served to devices of the releases' model and hardware revision by content address.
 */
class DeltaIT extends WithServer {

    private static final String MODEL = "gw-3";
    private static final String REVISION = "r2";

    private X509Certificate root;
    private TestTenant tenant;
    private TenantPki pki;
    private OtaClient ota;
    private byte[] oldImage;
    private byte[] newImage;
    private String oldRelease;
    private String newRelease;

    @BeforeEach
    void twoPublishedReleases() {
        root = EstClients.awaitDeviceEndpoint(devicePort(), DATA_DIR);
        tenant = newTenant();
        pki = new TenantPki(api, tenant);
        ota = new OtaClient(api, tenant.adminToken());
        oldImage = OtaClient.content(300 * 1024);
        newImage = modified(oldImage);
        oldRelease = ota.published(MODEL, REVISION, "1.0.0", "os", 1, ota.artifact("gw-1.0.0.bin", oldImage))
                .path("id")
                .asText();
        newRelease = ota.published(MODEL, REVISION, "1.1.0", "os", 1, ota.artifact("gw-1.1.0.bin", newImage))
                .path("id")
                .asText();
    }

    @Test
    void generatesASmallDeltaThatReproducesTheNewImageAndServesItToTheDevice() throws Exception {
        var generated = api.post(
                "/api/v1/ota/deltas", tenant.adminToken(), Map.of("fromRelease", oldRelease, "toRelease", newRelease));

        assertThat(generated.status()).as(generated.rawBody()).isEqualTo(201);
        assertThat(generated.body().path("useFullImage").asBoolean()).isFalse();
        long deltaLength = generated.body().path("deltaLength").asLong();
        assertThat(deltaLength).isPositive().isLessThan(newImage.length / 10);
        assertThat(generated.body().path("level").asInt()).isEqualTo(19);
        HttpResponse<byte[]> served =
                get(device(MODEL, REVISION), OtaClient.sha256(oldImage), OtaClient.sha256(newImage));
        assertThat(served.statusCode()).isEqualTo(200);
        assertThat(served.body()).hasSize((int) deltaLength);
        assertThat(OtaClient.sha256(served.body())).isEqualTo(generated.text("deltaSha256"));
        assertThat(apply(oldImage, served.body(), newImage.length)).isEqualTo(newImage);
    }

    @Test
    void askingForTheSamePairAgainAnswersWithTheRecordedDelta() {
        var first = api.post(
                "/api/v1/ota/deltas", tenant.adminToken(), Map.of("fromRelease", oldRelease, "toRelease", newRelease));

        var again = api.post(
                "/api/v1/ota/deltas", tenant.adminToken(), Map.of("fromRelease", oldRelease, "toRelease", newRelease));

        assertThat(first.status()).isEqualTo(201);
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.text("deltaSha256")).isEqualTo(first.text("deltaSha256"));
        assertThat(api.get("/api/v1/ota/deltas", tenant.adminToken()).body()).hasSize(1);
    }

    @Test
    void whenTheDeltaIsNotSmallerTheFullImageIsRecordedAndNothingIsServed() throws Exception {
        byte[] unrelated = OtaClient.content(50 * 1024);
        String unrelatedRelease = ota.published(
                        MODEL, REVISION, "2.0.0", "os", 1, ota.artifact("gw-2.0.0.bin", unrelated))
                .path("id")
                .asText();

        var generated = api.post(
                "/api/v1/ota/deltas",
                tenant.adminToken(),
                Map.of("fromRelease", oldRelease, "toRelease", unrelatedRelease));

        assertThat(generated.status()).as(generated.rawBody()).isEqualTo(201);
        assertThat(generated.body().path("useFullImage").asBoolean()).isTrue();
        assertThat(generated.body().path("deltaSha256").isNull()).isTrue();
        assertThat(get(device(MODEL, REVISION), OtaClient.sha256(oldImage), OtaClient.sha256(unrelated))
                        .statusCode())
                .isEqualTo(404);
    }

    @Test
    void refusesReleasesOfDifferentModelsOrTiers() {
        String other = ota.published("gw-4", REVISION, "1.1.0", "os", 1, ota.artifact("gw4.bin", newImage))
                .path("id")
                .asText();

        var refused = api.post(
                "/api/v1/ota/deltas", tenant.adminToken(), Map.of("fromRelease", oldRelease, "toRelease", other));

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.text("code")).isEqualTo("ota.delta.incompatible-releases");
        assertThat(api.get("/api/v1/ota/deltas", tenant.adminToken()).body()).isEmpty();
    }

    @Test
    void deviceOfAnotherModelOrADraftTargetGetsNotFound() throws Exception {
        byte[] draftImage = modified(newImage);
        String draft = ota.createRelease(MODEL, REVISION, "1.2.0", "os", 1, ota.artifact("gw-1.2.0.bin", draftImage))
                .text("id");
        api.post("/api/v1/ota/deltas", tenant.adminToken(), Map.of("fromRelease", oldRelease, "toRelease", newRelease));
        var toDraft = api.post(
                "/api/v1/ota/deltas", tenant.adminToken(), Map.of("fromRelease", newRelease, "toRelease", draft));
        assertThat(toDraft.body().path("useFullImage").asBoolean()).isFalse();

        HttpResponse<byte[]> otherModel =
                get(device("gw-9", REVISION), OtaClient.sha256(oldImage), OtaClient.sha256(newImage));
        HttpResponse<byte[]> draftTarget =
                get(device(MODEL, REVISION), OtaClient.sha256(newImage), OtaClient.sha256(draftImage));

        assertThat(otherModel.statusCode()).isEqualTo(404);
        assertThat(new String(otherModel.body(), java.nio.charset.StandardCharsets.UTF_8))
                .contains("ota.delta.not-found");
        assertThat(draftTarget.statusCode()).isEqualTo(404);
    }

    /** A new version: some bytes changed, a block inserted (shifting the rest), a block removed. */
    private static byte[] modified(byte[] old) {
        SecureRandom random = new SecureRandom();
        byte[] inserted = new byte[8 * 1024];
        random.nextBytes(inserted);
        byte[] result = new byte[old.length + inserted.length - 4096];
        int at = old.length / 3;
        System.arraycopy(old, 0, result, 0, at);
        System.arraycopy(inserted, 0, result, at, inserted.length);
        System.arraycopy(old, at + 4096, result, at + inserted.length, old.length - at - 4096);
        for (int k = 0; k < 20; k++) {
            result[random.nextInt(result.length)] ^= 0x5a;
        }
        return result;
    }

    private static byte[] apply(byte[] base, byte[] delta, int length) throws IOException {
        try (var zstd = new ZstdInputStreamNoFinalizer(new ByteArrayInputStream(delta))) {
            zstd.setDict(base);
            zstd.setLongMax(DeltaFormat.windowLog(base.length, length));
            return zstd.readAllBytes();
        }
    }

    private HttpClient device(String model, String revision) {
        String deviceId = pki.newDevice("gw");
        var patched = api.patch(
                "/api/v1/devices/" + deviceId,
                tenant.adminToken(),
                Map.of("attributes", Map.of("model", model, "hardwareRevision", revision)));
        assertThat(patched.status()).as(patched.rawBody()).isEqualTo(200);
        return EstClients.http(root, pki.issue(deviceId, "device"));
    }

    private HttpResponse<byte[]> get(HttpClient device, String from, String to)
            throws IOException, InterruptedException {
        var request = HttpRequest.newBuilder(URI.create(
                        "https://localhost:" + devicePort() + "/device/v1/" + DeltaFormat.devicePath(from, to)))
                .timeout(Duration.ofSeconds(30));
        return device.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }
}
