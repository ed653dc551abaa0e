package dev.palisade.ota;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.protocol.tuf.SoftwareMetadataSigner;
import dev.palisade.support.ApiResponse;
import dev.palisade.support.EstClients;
import dev.palisade.support.TenantPki;
import dev.palisade.support.WithServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * A TUF client not written here, npm's tuf-js (pinned in src/test/resources/tuf-js/package.json, installed into
 * target/tuf-js on first use), verifies a tenant's repository as served to a device and downloads the target through
 * the consistent-snapshot path. Only its transport is replaced, to present the device's client certificate.
 */
class TufJsInteropIT extends WithServer {

    private static final Path WORK = Path.of("target/tuf-js").toAbsolutePath();
    private static final String TARGET = "config/" + "meter-4/" + "b1/" + "7.0.2";

    private Path config;
    private String sha256;

    @BeforeAll
    static void installTufJs() throws Exception {
        Files.createDirectories(WORK);
        for (String file : List.of("package.json", "verify.js")) {
            try (var in = TufJsInteropIT.class.getResourceAsStream("/tuf-js/" + file)) {
                Files.copy(
                        java.util.Objects.requireNonNull(in, file),
                        WORK.resolve(file),
                        StandardCopyOption.REPLACE_EXISTING);
            }
        }
        if (!Files.isDirectory(WORK.resolve("node_modules/tuf-js"))) {
            Process npm = new ProcessBuilder("npm", "install", "--no-audit", "--no-fund")
                    .directory(WORK.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(WORK.resolve("npm-install.log").toFile())
                    .start();
            assertThat(npm.waitFor(5, TimeUnit.MINUTES))
                    .as("npm install finishes")
                    .isTrue();
            assertThat(npm.exitValue())
                    .as(Files.readString(WORK.resolve("npm-install.log")))
                    .isZero();
        }
    }

    @BeforeEach
    void publishedRelease() throws Exception {
        X509Certificate caRoot = EstClients.awaitDeviceEndpoint(devicePort(), DATA_DIR);
        TestTenant tenant = newTenant();
        TenantPki pki = new TenantPki(api, tenant);
        OtaClient ota = new OtaClient(api, tenant.adminToken());
        String deviceId = pki.newDevice("meter");
        var labelled = api.patch(
                "/api/v1/devices/" + deviceId,
                tenant.adminToken(),
                Map.of("attributes", Map.of("model", "meter-4", "hardwareRevision", "b1")));
        assertThat(labelled.status()).as(labelled.rawBody()).isEqualTo(200);
        EstClients.Credential credential = pki.issue(deviceId, "device");
        List<SoftwareMetadataSigner> rootKeys = TufTestCeremony.rootKeys(2);
        JsonNode keys = api.get("/api/v1/ota/tuf/keys", tenant.adminToken()).body();
        String root = TufTestCeremony.sign(TufTestCeremony.root(1, rootKeys, 2, keys), rootKeys);
        ApiResponse imported = api.putRaw("/api/v1/ota/tuf/root", tenant.adminToken(), root, Map.of());
        assertThat(imported.status()).as(imported.rawBody()).isEqualTo(200);
        byte[] content = OtaClient.content(30_000);
        sha256 = OtaClient.sha256(content);
        ota.published("meter-4", "b1", "7.0.2", "config", 1, ota.artifact("meter-config.bin", content));

        Path run = Files.createTempDirectory(WORK, "run-");
        Path metadata = Files.createDirectories(run.resolve("metadata"));
        Files.writeString(metadata.resolve("root.json"), root, StandardCharsets.UTF_8);
        Files.writeString(
                run.resolve("device.pem"), pem("CERTIFICATE", credential.chain().getFirst()));
        Files.writeString(
                run.resolve("device.key"), pem("PRIVATE KEY", credential.key().getEncoded()));
        Files.writeString(run.resolve("ca.pem"), pem("CERTIFICATE", caRoot));
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("metadataBaseUrl", "https://localhost:" + devicePort() + "/device/v1/tuf");
        settings.put("targetBaseUrl", "https://localhost:" + devicePort() + "/device/v1/tuf/targets");
        settings.put("metadataDir", metadata.toString());
        settings.put(
                "targetDir", Files.createDirectories(run.resolve("targets")).toString());
        settings.put("targetPath", TARGET);
        settings.put("certFile", run.resolve("device.pem").toString());
        settings.put("keyFile", run.resolve("device.key").toString());
        settings.put("caFile", run.resolve("ca.pem").toString());
        config = run.resolve("config.json");
        Files.writeString(config, dev.palisade.support.TestApi.JSON.writeValueAsString(settings));
    }

    @Test
    void tufJsVerifiesTheRepositoryAndDownloadsTheTarget() throws Exception {
        JsonNode result = run(config);

        assertThat(result.path("result").asString()).as(result.toString()).isEqualTo("verified");
        assertThat(result.path("sha256").asString()).isEqualTo(sha256);
        assertThat(result.path("custom").path("tier").asString()).isEqualTo("config");
        assertThat(result.path("custom").path("securityVersion").asLong()).isEqualTo(1);
    }

    @Test
    void tufJsRefusesTamperedTierMetadata() throws Exception {
        JsonNode settings = dev.palisade.support.TestApi.JSON.readTree(Files.readString(config));
        ((tools.jackson.databind.node.ObjectNode) settings).put("tamper", ".config.json");
        Path tampered = config.resolveSibling("tampered.json");
        Files.writeString(tampered, settings.toString());

        JsonNode result = run(tampered);

        assertThat(result.path("result").asString()).as(result.toString()).isEqualTo("refused");
    }

    private static JsonNode run(Path settings) throws IOException, InterruptedException {
        Process node = new ProcessBuilder("node", WORK.resolve("verify.js").toString(), settings.toString())
                .directory(WORK.toFile())
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        String out = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(node.waitFor(Duration.ofMinutes(2).toSeconds(), TimeUnit.SECONDS))
                .isTrue();
        return dev.palisade.support.TestApi.JSON.readTree(
                out.strip().lines().reduce((a, b) -> b).orElse("{}"));
    }

    private static String pem(String type, X509Certificate certificate) throws CertificateEncodingException {
        return pem(type, certificate.getEncoded());
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der) + "\n-----END " + type + "-----\n";
    }
}
