package dev.palisade.ota;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.palisade.identity.DeviceId;
import dev.palisade.shared.TenantId;
import dev.palisade.support.EstClients;
import dev.palisade.support.TenantPki;
import dev.palisade.support.WithServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Devices fetch published artifacts over the device endpoint with their client certificate: whole or by byte range, so
 * an interrupted download resumes; only their own tenant's releases for their model and hardware revision; every byte
 * counted for the device.
 */
class ArtifactDownloadIT extends WithServer {

    private static final String MODEL = "cam-7";
    private static final String REVISION = "rev-c";

    @Autowired
    Downloads downloads;

    private X509Certificate root;
    private TestTenant tenant;
    private TenantPki pki;
    private OtaClient ota;
    private byte[] content;
    private String sha256;

    @BeforeEach
    void publishedRelease() {
        root = EstClients.awaitDeviceEndpoint(devicePort(), DATA_DIR);
        tenant = newTenant();
        pki = new TenantPki(api, tenant);
        ota = new OtaClient(api, tenant.adminToken());
        content = OtaClient.content(400 * 1024 + 123);
        sha256 = OtaClient.sha256(content);
        ota.published(MODEL, REVISION, "5.0.0", "application", 2, ota.artifact("cam-app-5.0.0.bin", content));
    }

    @Test
    void deviceDownloadsTheWholeArtifactAndResumesWithARange() throws Exception {
        HttpClient device = device(MODEL, REVISION);

        HttpResponse<byte[]> whole = get(device, sha256, Map.of());
        HttpResponse<byte[]> firstPart = get(device, sha256, Map.of("Range", "bytes=0-99999"));
        HttpResponse<byte[]> rest =
                get(device, sha256, Map.of("Range", "bytes=100000-", "If-Range", "\"" + sha256 + "\""));

        assertThat(whole.statusCode()).isEqualTo(200);
        assertThat(whole.body()).isEqualTo(content);
        assertThat(whole.headers().firstValue("ETag")).hasValue("\"" + sha256 + "\"");
        assertThat(whole.headers().firstValue("Accept-Ranges")).hasValue("bytes");
        assertThat(firstPart.statusCode()).isEqualTo(206);
        assertThat(firstPart.headers().firstValue("Content-Range")).hasValue("bytes 0-99999/" + content.length);
        assertThat(firstPart.body()).hasSize(100_000);
        assertThat(rest.statusCode()).isEqualTo(206);
        assertThat(rest.headers().firstValue("Content-Range"))
                .hasValue("bytes 100000-" + (content.length - 1) + "/" + content.length);
        var resumed = new ByteArrayOutputStream();
        resumed.write(firstPart.body());
        resumed.write(rest.body());
        assertThat(OtaClient.sha256(resumed.toByteArray())).isEqualTo(sha256);
    }

    @Test
    void suffixRangeServesTheLastBytes() throws Exception {
        HttpResponse<byte[]> tail = get(device(MODEL, REVISION), sha256, Map.of("Range", "bytes=-10"));

        assertThat(tail.statusCode()).isEqualTo(206);
        assertThat(tail.body()).isEqualTo(Arrays.copyOfRange(content, content.length - 10, content.length));
    }

    @Test
    void rangeBeyondTheEndIsUnsatisfiable() throws Exception {
        HttpResponse<byte[]> refused =
                get(device(MODEL, REVISION), sha256, Map.of("Range", "bytes=" + content.length + "-"));

        assertThat(refused.statusCode()).isEqualTo(416);
        assertThat(refused.headers().firstValue("Content-Range")).hasValue("bytes */" + content.length);
        assertThat(refused.body()).isEmpty();
    }

    @Test
    void resumptionOfOtherContentGetsTheWholeArtifact() throws Exception {
        HttpResponse<byte[]> restarted = get(
                device(MODEL, REVISION),
                sha256,
                Map.of("Range", "bytes=100000-", "If-Range", "\"" + "0".repeat(64) + "\""));

        assertThat(restarted.statusCode()).isEqualTo(200);
        assertThat(restarted.body()).isEqualTo(content);
    }

    @Test
    void bytesServedAreCountedForTheDevice() throws Exception {
        String deviceId = pki.newDevice("cam");
        HttpClient device = device(deviceId, MODEL, REVISION);

        get(device, sha256, Map.of());
        get(device, sha256, Map.of("Range", "bytes=0-999"));
        get(device, sha256, Map.of("Range", "bytes=" + content.length + "-"));

        // a count is written after its response: the last one may still be on its way
        await().atMost(Duration.ofSeconds(10))
                .until(() -> downloads.served(TenantId.parse(tenant.id()), DeviceId.of(deviceId)).stream()
                        .anyMatch(row -> row.requests() == 2));
        List<Downloads.Served> served = downloads.served(TenantId.parse(tenant.id()), DeviceId.of(deviceId));
        assertThat(served).hasSize(1);
        assertThat(served.getFirst().sha256().hex()).isEqualTo(sha256);
        assertThat(served.getFirst().bytes()).isEqualTo(content.length + 1000L);
        assertThat(served.getFirst().requests())
                .as("the unsatisfiable range served nothing and is not counted")
                .isEqualTo(2);
    }

    @Test
    void deviceOfAnotherTenantGetsNotFound() throws Exception {
        TestTenant other = newTenant();
        TenantPki otherPki = new TenantPki(api, other);
        String deviceId = otherPki.newDevice("cam");
        label(other.adminToken(), deviceId, MODEL, REVISION);
        HttpClient stranger = EstClients.http(root, otherPki.issue(deviceId, "device"));

        HttpResponse<byte[]> refused = get(stranger, sha256, Map.of());

        assertThat(refused.statusCode()).isEqualTo(404);
        assertThat(new String(refused.body(), java.nio.charset.StandardCharsets.UTF_8))
                .contains("ota.blob.not-found");
        assertThat(downloads.served(TenantId.parse(other.id()), DeviceId.of(deviceId)))
                .isEmpty();
    }

    @Test
    void unpublishedArtifactIsNotServed() throws Exception {
        byte[] draftContent = OtaClient.content(1000);
        ota.createRelease(MODEL, REVISION, "5.1.0", "application", 3, ota.artifact("draft.bin", draftContent));
        byte[] unreleased = OtaClient.content(1000);
        ota.artifact("unreleased.bin", unreleased);
        HttpClient device = device(MODEL, REVISION);

        assertThat(get(device, OtaClient.sha256(draftContent), Map.of()).statusCode())
                .isEqualTo(404);
        assertThat(get(device, OtaClient.sha256(unreleased), Map.of()).statusCode())
                .isEqualTo(404);
    }

    @Test
    void deviceOfAnotherModelOrRevisionGetsNotFound() throws Exception {
        assertThat(get(device("cam-8", REVISION), sha256, Map.of()).statusCode())
                .isEqualTo(404);
        assertThat(get(device(MODEL, "rev-d"), sha256, Map.of()).statusCode()).isEqualTo(404);
    }

    @Test
    void operatorPortDoesNotServeDeviceDownloads() throws Exception {
        HttpResponse<String> response = api.http()
                .send(
                        HttpRequest.newBuilder(api.uri("/device/v1/ota/blobs/sha256/" + sha256))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(404);
    }

    private HttpClient device(String model, String revision) {
        return device(pki.newDevice("cam"), model, revision);
    }

    private HttpClient device(String deviceId, String model, String revision) {
        label(tenant.adminToken(), deviceId, model, revision);
        return EstClients.http(root, pki.issue(deviceId, "device"));
    }

    private void label(String token, String deviceId, String model, String revision) {
        var patched = api.patch(
                "/api/v1/devices/" + deviceId,
                token,
                Map.of("attributes", Map.of("model", model, "hardwareRevision", revision)));
        assertThat(patched.status()).as(patched.rawBody()).isEqualTo(200);
    }

    private HttpResponse<byte[]> get(HttpClient device, String hex, Map<String, String> headers)
            throws IOException, InterruptedException {
        var request = HttpRequest.newBuilder(
                        URI.create("https://localhost:" + devicePort() + "/device/v1/ota/blobs/sha256/" + hex))
                .timeout(Duration.ofSeconds(30));
        headers.forEach(request::header);
        return device.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }
}
