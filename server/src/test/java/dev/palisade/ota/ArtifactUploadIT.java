package dev.palisade.ota;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.palisade.shared.TenantId;
import dev.palisade.support.ApiResponse;
import dev.palisade.support.TenantPki;
import dev.palisade.support.WithServer;
import dev.palisade.tenancy.ApiTokenId;
import dev.palisade.tenancy.Caller;
import dev.palisade.tenancy.OperatorId;
import dev.palisade.tenancy.Role;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * Artifacts arrive as streams: digest and length recorded, declared ones checked, the size limit enforced, identical
 * content stored once, and a refused or broken upload keeps nothing.
 */
class ArtifactUploadIT extends WithServer {

    private static final Path BLOBS = DATA_DIR.resolve("ota/blobs/sha256");

    @Autowired
    Artifacts artifacts;

    private TestTenant tenant;
    private OtaClient ota;

    @BeforeEach
    void tenant() {
        tenant = newTenant();
        ota = new OtaClient(api, tenant.adminToken());
    }

    @Test
    void streamedUploadRecordsItsDigestAndLengthAndStoresTheBytesUnderTheirDigest() throws Exception {
        byte[] content = OtaClient.content(300 * 1024 + 7);
        String sha256 = OtaClient.sha256(content);

        ApiResponse uploaded = ota.uploadStreamed(content, Map.of("name", "firmware-2.4.1.bin", "sha256", sha256));

        assertThat(uploaded.status()).as(uploaded.rawBody()).isEqualTo(201);
        assertThat(uploaded.text("sha256")).isEqualTo(sha256);
        assertThat(uploaded.body().path("length").asLong()).isEqualTo(content.length);
        assertThat(uploaded.text("name")).isEqualTo("firmware-2.4.1.bin");
        assertThat(uploaded.header("Location")).isEqualTo("/api/v1/ota/artifacts/" + uploaded.text("id"));
        assertThat(Files.readAllBytes(BLOBS.resolve(sha256.substring(0, 2)).resolve(sha256)))
                .isEqualTo(content);
        JsonNode shown = api.get("/api/v1/ota/artifacts/" + uploaded.text("id"), tenant.adminToken())
                .body();
        assertThat(shown.path("sha256").asString()).isEqualTo(sha256);
        JsonNode audited =
                new TenantPki(api, tenant).auditRecords("ota.artifact-uploaded").getFirst();
        assertThat(audited.path("details").path("sha256").asString()).isEqualTo(sha256);
    }

    @Test
    void uploadWhoseDeclaredDigestDiffersIsRefusedAndStoresNothing() {
        byte[] content = OtaClient.content(64 * 1024);
        String declared = OtaClient.sha256(OtaClient.content(16));

        ApiResponse refused = ota.upload(content, Map.of("name", "tampered.bin", "sha256", declared));

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.code()).isEqualTo("ota.artifact.sha256-mismatch");
        assertThat(refused.rawBody()).contains(OtaClient.sha256(content));
        assertNothingStored(content);
    }

    @Test
    void uploadWhoseDeclaredLengthDiffersIsRefusedAndStoresNothing() {
        byte[] content = OtaClient.content(10_000);

        ApiResponse refused = ota.uploadStreamed(content, Map.of("name", "short.bin", "length", "10001"));

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.code()).isEqualTo("ota.artifact.length-mismatch");
        assertNothingStored(content);
    }

    @Test
    void artifactOverTheSizeLimitIsRefusedWith413WhetherDeclaredOrStreamed() {
        byte[] content = OtaClient.content(512 * 1024 + 1);

        ApiResponse declared = ota.upload(content, Map.of("name", "huge.bin"));
        ApiResponse streamed = ota.uploadStreamed(content, Map.of("name", "huge.bin"));

        assertThat(declared.status()).as(declared.rawBody()).isEqualTo(413);
        assertThat(declared.code()).isEqualTo("ota.artifact.too-large");
        assertThat(streamed.status()).as(streamed.rawBody()).isEqualTo(413);
        assertThat(streamed.code()).isEqualTo("ota.artifact.too-large");
        assertNothingStored(content);
    }

    @Test
    void artifactAtTheSizeLimitIsAccepted() {
        byte[] content = OtaClient.content(512 * 1024);

        ApiResponse uploaded = ota.uploadStreamed(content, Map.of("name", "exact.bin"));

        assertThat(uploaded.status()).as(uploaded.rawBody()).isEqualTo(201);
    }

    @Test
    void identicalContentIsStoredOnceAndAnsweredWithTheExistingArtifact() throws Exception {
        byte[] content = OtaClient.content(40_000);
        String sha256 = OtaClient.sha256(content);
        OtaClient otherTenant = new OtaClient(api, newTenant().adminToken());

        ApiResponse first = ota.upload(content, Map.of("name", "app-1.0.tar"));
        ApiResponse again = ota.uploadStreamed(content, Map.of("name", "app-1.0-copy.tar"));
        ApiResponse elsewhere = otherTenant.upload(content, Map.of("name", "theirs.tar"));

        assertThat(first.status()).isEqualTo(201);
        assertThat(again.status()).as("nothing new was created").isEqualTo(200);
        assertThat(again.text("id")).isEqualTo(first.text("id"));
        assertThat(again.text("name")).isEqualTo("app-1.0.tar");
        assertThat(elsewhere.status()).as("each tenant has its own record").isEqualTo(201);
        assertThat(elsewhere.text("id")).isNotEqualTo(first.text("id"));
        try (var files = Files.list(BLOBS.resolve(sha256.substring(0, 2)))) {
            assertThat(files.filter(file -> file.getFileName().toString().equals(sha256)))
                    .hasSize(1);
        }
        assertThat(api.get("/api/v1/ota/artifacts", tenant.adminToken()).body().path("items"))
                .hasSize(1);
        assertThat(new TenantPki(api, tenant).auditRecords("ota.artifact-uploaded"))
                .hasSize(1);
    }

    @Test
    void uploadThatBreaksOffMidwayLeavesNoRowAndNoFile() {
        byte[] content = OtaClient.content(200_000);
        var caller = new Caller(
                TenantId.parse(tenant.id()),
                false,
                new OperatorId(UUID.fromString(tenant.adminId())),
                "admin",
                new ApiTokenId(UUID.randomUUID()),
                Role.ADMIN,
                "test-broken-upload");
        InputStream breaksOff = new FilterInputStream(new ByteArrayInputStream(content)) {
            private long delivered;

            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                if (delivered > 100_000) {
                    throw new IOException("connection reset");
                }
                int n = super.read(buffer, offset, Math.min(length, 8192));
                delivered += Math.max(n, 0);
                return n;
            }
        };

        assertThatThrownBy(() -> artifacts.upload(caller, "broken.bin", breaksOff, null, null))
                .isInstanceOf(UncheckedIOException.class);

        assertNothingStored(content);
    }

    private void assertNothingStored(byte[] content) {
        String sha256 = OtaClient.sha256(content);
        assertThat(Files.exists(BLOBS.resolve(sha256.substring(0, 2)).resolve(sha256)))
                .as("no blob")
                .isFalse();
        assertThat(api.get("/api/v1/ota/artifacts", tenant.adminToken()).body().path("items"))
                .as("no artifact")
                .isEmpty();
        try (var staged = Files.list(DATA_DIR.resolve("ota/staging"))) {
            assertThat(staged).as("no staging file").isEmpty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
