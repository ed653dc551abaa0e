package dev.palisade.ota;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.keys.KeyAlias;
import dev.palisade.keys.KeyCustody;
import dev.palisade.keys.SigningKey;
import dev.palisade.protocol.tuf.KeyId;
import dev.palisade.protocol.tuf.MetaFile;
import dev.palisade.protocol.tuf.MetadataBuilder;
import dev.palisade.protocol.tuf.MetadataSigner;
import dev.palisade.protocol.tuf.RefusalReason;
import dev.palisade.protocol.tuf.Root;
import dev.palisade.protocol.tuf.SignedMetadata;
import dev.palisade.protocol.tuf.Snapshot;
import dev.palisade.protocol.tuf.SoftwareMetadataSigner;
import dev.palisade.protocol.tuf.SpecVersion;
import dev.palisade.protocol.tuf.TargetDownload;
import dev.palisade.protocol.tuf.TargetFile;
import dev.palisade.protocol.tuf.TargetLookup;
import dev.palisade.protocol.tuf.Targets;
import dev.palisade.protocol.tuf.Timestamp;
import dev.palisade.protocol.tuf.TrustedMetadataStore;
import dev.palisade.protocol.tuf.TufKey;
import dev.palisade.protocol.tuf.TufUpdater;
import dev.palisade.protocol.tuf.UpdateResult;
import dev.palisade.protocol.tuf.UpdaterLimits;
import dev.palisade.shared.TenantId;
import dev.palisade.support.ApiResponse;
import dev.palisade.support.EstClients;
import dev.palisade.support.TenantPki;
import dev.palisade.support.WithServer;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * A tenant's TUF repository, verified by the protocol module's client over the device endpoint: a root made offline
 * with a 2-of-3 threshold, per-tier delegations, metadata that an attacker cannot alter, a tier key that cannot vouch
 * for another tier, a timestamp kept fresh by the scheduler, and root and key rotation.
 */
class TufRepositoryIT extends WithServer {

    static final String MODEL = "gw-9";
    static final String REVISION = "r2";
    static final String TARGET = "application/" + MODEL + "/" + REVISION + "/3.1.0";

    @Autowired
    TufRepository repository;

    @Autowired
    KeyCustody custody;

    private TestTenant tenant;
    private HttpClient device;
    private OtaClient ota;
    private byte[] content;
    private List<SoftwareMetadataSigner> rootKeys;
    private String firstRoot;

    @BeforeEach
    void repositoryWithAPublishedRelease() {
        X509Certificate caRoot = EstClients.awaitDeviceEndpoint(devicePort(), DATA_DIR);
        tenant = newTenant();
        TenantPki pki = new TenantPki(api, tenant);
        ota = new OtaClient(api, tenant.adminToken());
        String deviceId = pki.newDevice("gw");
        var labelled = api.patch(
                "/api/v1/devices/" + deviceId,
                tenant.adminToken(),
                Map.of("attributes", Map.of("model", MODEL, "hardwareRevision", REVISION)));
        assertThat(labelled.status()).as(labelled.rawBody()).isEqualTo(200);
        device = EstClients.http(caRoot, pki.issue(deviceId, "device"));
        rootKeys = TufTestCeremony.rootKeys(3);
        firstRoot = TufTestCeremony.sign(
                TufTestCeremony.root(1, rootKeys, 2, keys()), List.of(rootKeys.get(0), rootKeys.get(2)));
        ApiResponse imported = importRoot(firstRoot);
        assertThat(imported.status()).as(imported.rawBody()).isEqualTo(200);
        content = OtaClient.content(20_000);
        ota.published(MODEL, REVISION, "3.1.0", "application", 4, ota.artifact("gw-app-3.1.0.bin", content));
    }

    @Test
    void deviceVerifiesAndDownloadsAPublishedReleaseWithTheProtocolClient() {
        TufUpdater updater = updater(
                new HttpsRepositoryFetcher(device, devicePort()),
                Clock.systemUTC().instant());

        UpdateResult refreshed = updater.refresh();
        TargetLookup found = updater.findTarget(TARGET);

        assertThat(refreshed).isInstanceOf(UpdateResult.Updated.class);
        assertThat(found).isInstanceOfSatisfying(TargetLookup.Found.class, f -> {
            assertThat(f.role()).isEqualTo("application");
            assertThat(f.target().length()).isEqualTo(content.length);
            assertThat(f.target().custom())
                    .containsEntry("model", MODEL)
                    .containsEntry("hardwareRevision", REVISION)
                    .containsEntry("tier", "application")
                    .containsEntry("version", "3.1.0")
                    .containsEntry("securityVersion", 4L)
                    .containsKey("releaseId");
        });
        TargetDownload download = updater.download(((TargetLookup.Found) found).target());
        assertThat(download)
                .isInstanceOfSatisfying(
                        TargetDownload.Verified.class,
                        v -> assertThat(v.content()).isEqualTo(content));
    }

    @Test
    void withdrawnReleaseLeavesTheSignedTargetsAndIsNoLongerServed() throws Exception {
        byte[] bad = OtaClient.content(5_000);
        String badId = ota.published(MODEL, REVISION, "3.2.0", "application", 4, ota.artifact("gw-app-3.2.0.bin", bad))
                .path("id")
                .asString();
        String badTarget = "application/" + MODEL + "/" + REVISION + "/3.2.0";
        String blob = "/device/v1/ota/blobs/sha256/" + OtaClient.sha256(bad);
        assertThat(deviceGet(blob)).isEqualTo(200);

        ApiResponse withdrawn = api.post(
                "/api/v1/ota/releases/" + badId + "/withdraw", tenant.adminToken(), Map.of("reason", "bricks rev-b"));

        assertThat(withdrawn.status()).as(withdrawn.rawBody()).isEqualTo(200);
        assertThat(withdrawn.text("state")).isEqualTo("withdrawn");
        TenantId id = TenantId.parse(tenant.id());
        assertThat(SignedMetadata.parse(latest(id, "application"), Targets.class)
                        .role()
                        .targets())
                .containsKey(TARGET)
                .doesNotContainKey(badTarget);
        TufUpdater updater = updater(
                new HttpsRepositoryFetcher(device, devicePort()),
                Clock.systemUTC().instant());
        assertThat(updater.refresh()).isInstanceOf(UpdateResult.Updated.class);
        assertThat(updater.findTarget(badTarget)).isInstanceOf(TargetLookup.Refused.class);
        assertThat(updater.findTarget(TARGET)).isInstanceOf(TargetLookup.Found.class);
        assertThat(deviceGet(blob)).as("no longer served").isEqualTo(404);
        assertThat(api.post("/api/v1/ota/releases/" + badId + "/publish", tenant.adminToken(), Map.of())
                        .status())
                .as("a withdrawn release cannot come back")
                .isEqualTo(409);
        assertThat(api.post("/api/v1/ota/releases/" + badId + "/withdraw", tenant.adminToken(), Map.of())
                        .status())
                .as("withdrawing again changes nothing")
                .isEqualTo(200);
        assertThat(ota.createRelease(MODEL, REVISION, "3.0.9", "application", 3, ota.artifact("old.bin", bad))
                        .status())
                .as("the withdrawn release's security version still holds the floor")
                .isEqualTo(409);
        String draft = ota.createRelease(MODEL, REVISION, "3.3.0", "application", 5, ota.artifact("d.bin", bad))
                .text("id");
        ApiResponse draftWithdrawal =
                api.post("/api/v1/ota/releases/" + draft + "/withdraw", tenant.adminToken(), Map.of());
        assertThat(draftWithdrawal.status()).isEqualTo(409);
        assertThat(draftWithdrawal.text("code")).isEqualTo("ota.release.not-published");
    }

    private int deviceGet(String path) throws Exception {
        return device.send(
                        java.net.http.HttpRequest.newBuilder(
                                        java.net.URI.create("https://localhost:" + devicePort() + path))
                                .build(),
                        java.net.http.HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    @Test
    void releasePublishedBeforeTheRootIsListedWhenTheRootIsImported() {
        TestTenant late = newTenant();
        OtaClient lateOta = new OtaClient(api, late.adminToken());
        lateOta.published(MODEL, REVISION, "1.0.0", "os", 1, lateOta.artifact("os.bin", OtaClient.content(100)));
        List<SoftwareMetadataSigner> keys = TufTestCeremony.rootKeys(1);

        ApiResponse imported = api.putRaw(
                "/api/v1/ota/tuf/root",
                late.adminToken(),
                TufTestCeremony.sign(TufTestCeremony.root(1, keys, 1, keys(late.adminToken())), keys),
                Map.of());

        assertThat(imported.status()).as(imported.rawBody()).isEqualTo(200);
        byte[] os =
                repository.metadataFile(TenantId.parse(late.id()), "1.os.json").orElseThrow();
        assertThat(SignedMetadata.parse(os, Targets.class).role().targets())
                .containsKey("os/" + MODEL + "/" + REVISION + "/1.0.0");
    }

    @Test
    void tamperedMetadataIsRefused() {
        BiFunction<String, byte[], byte[]> lengthenTarget = (name, bytes) -> name.endsWith(".application.json")
                ? new String(bytes, StandardCharsets.UTF_8)
                        .replace("\"length\":" + content.length, "\"length\":" + (content.length + 1))
                        .getBytes(StandardCharsets.UTF_8)
                : bytes;
        TufUpdater honest = updater(
                new HttpsRepositoryFetcher(device, devicePort()),
                Clock.systemUTC().instant());
        TufUpdater attacked = updater(
                new HttpsRepositoryFetcher(device, devicePort(), lengthenTarget),
                Clock.systemUTC().instant());

        assertThat(honest.findTarget(TARGET)).isInstanceOf(TargetLookup.Found.class);
        assertThat(attacked.findTarget(TARGET))
                .isInstanceOfSatisfying(
                        TargetLookup.Refused.class,
                        r -> assertThat(r.reason())
                                .isIn(
                                        RefusalReason.LENGTH_MISMATCH,
                                        RefusalReason.HASH_MISMATCH,
                                        RefusalReason.BAD_SIGNATURE));
    }

    @Test
    void applicationKeyCannotVouchForABootloader() {
        // an attacker holding the application tier's key, and even the snapshot and timestamp keys, lists a
        // bootloader in the application role's metadata; the client refuses it because the delegation confines the
        // application role to application/*/*/*
        TenantId id = TenantId.parse(tenant.id());
        String bootloader = "bootloader/" + MODEL + "/" + REVISION + "/6.6.6";
        Instant expires =
                Clock.systemUTC().instant().plus(Duration.ofDays(1)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        Map<String, byte[]> forged = new HashMap<>();
        byte[] appNow = latest(id, "application");
        Map<String, TargetFile> targets = new LinkedHashMap<>(
                SignedMetadata.parse(appNow, Targets.class).role().targets());
        targets.put(bootloader, TargetFile.describing(bootloader, content, Map.of()));
        byte[] forgedApp = MetadataBuilder.sign(
                new Targets(SpecVersion.CURRENT, 100, expires, targets, Optional.empty()),
                List.of(serverSigner(id, "application")));
        Snapshot snapshotNow =
                SignedMetadata.parse(latest(id, "snapshot"), Snapshot.class).role();
        Map<String, MetaFile> meta = new LinkedHashMap<>(snapshotNow.meta());
        meta.put("application.json", MetaFile.describing(100, forgedApp));
        byte[] forgedSnapshot = MetadataBuilder.sign(
                new Snapshot(SpecVersion.CURRENT, 100, expires, meta), List.of(serverSigner(id, "snapshot")));
        byte[] forgedTimestamp = MetadataBuilder.sign(
                new Timestamp(SpecVersion.CURRENT, 100, expires, MetaFile.describing(100, forgedSnapshot)),
                List.of(serverSigner(id, "timestamp")));
        forged.put("100.application.json", forgedApp);
        forged.put("100.snapshot.json", forgedSnapshot);
        forged.put("timestamp.json", forgedTimestamp);
        var fetcher = new dev.palisade.protocol.tuf.RepositoryFetcher() {
            final HttpsRepositoryFetcher real = new HttpsRepositoryFetcher(device, devicePort());

            @Override
            public Optional<byte[]> fetchMetadata(String name, long max) throws java.io.IOException {
                return forged.containsKey(name) ? Optional.of(forged.get(name)) : real.fetchMetadata(name, max);
            }

            @Override
            public Optional<byte[]> fetchTarget(String name, long max) throws java.io.IOException {
                return real.fetchTarget(name, max);
            }
        };
        TufUpdater updater = updater(fetcher, Clock.systemUTC().instant());

        UpdateResult refreshed = updater.refresh();
        TargetLookup lookup = updater.findTarget(bootloader);

        assertThat(refreshed)
                .as("the forged chain itself verifies: only the delegation stands in the way")
                .isInstanceOf(UpdateResult.Updated.class);
        assertThat(lookup)
                .isInstanceOfSatisfying(
                        TargetLookup.Refused.class,
                        r -> assertThat(r.reason()).isEqualTo(RefusalReason.UNKNOWN_TARGET));
        assertThat(updater.findTarget(TARGET)).isInstanceOf(TargetLookup.Found.class);
    }

    @Test
    void expiredTimestampIsReplacedByTheScheduledRefresh() {
        Instant later = Clock.systemUTC().instant().plus(Duration.ofHours(30));
        TenantId id = TenantId.parse(tenant.id());

        UpdateResult before =
                updater(new HttpsRepositoryFetcher(device, devicePort()), later).refresh();
        boolean resigned = repository.refreshExpiring(id, later);
        UpdateResult after =
                updater(new HttpsRepositoryFetcher(device, devicePort()), later).refresh();

        assertThat(before)
                .isInstanceOfSatisfying(
                        UpdateResult.Refused.class, r -> assertThat(r.reason()).isEqualTo(RefusalReason.EXPIRED));
        assertThat(resigned).isTrue();
        assertThat(after)
                .isInstanceOfSatisfying(
                        UpdateResult.Updated.class,
                        u -> assertThat(u.timestamp().expires()).isAfter(later.plus(Duration.ofHours(12))));
        assertThat(repository.refreshExpiring(id, later))
                .as("nothing is due right after a refresh")
                .isFalse();
    }

    @Test
    void rootRotationWithNewKeysAndANewTimestampKeyIsFollowedByTheClient() {
        TufUpdater updater = updater(
                new HttpsRepositoryFetcher(device, devicePort()),
                Clock.systemUTC().instant());
        assertThat(updater.refresh()).isInstanceOf(UpdateResult.Updated.class);
        ApiResponse rotated = api.post("/api/v1/ota/tuf/keys/timestamp/rotate", tenant.adminToken(), Map.of());
        assertThat(rotated.status()).as(rotated.rawBody()).isEqualTo(200);
        List<SoftwareMetadataSigner> newKeys = TufTestCeremony.rootKeys(2);
        Root second = TufTestCeremony.root(2, newKeys, 2, keys());
        List<SoftwareMetadataSigner> signers =
                List.of(rootKeys.get(1), rootKeys.get(2), newKeys.get(0), newKeys.get(1));

        ApiResponse oneOldKeyOnly =
                importRoot(TufTestCeremony.sign(second, List.of(rootKeys.get(1), newKeys.get(0), newKeys.get(1))));
        ApiResponse imported = importRoot(TufTestCeremony.sign(second, signers));
        UpdateResult refreshed = updater.refresh();

        assertThat(oneOldKeyOnly.status()).isEqualTo(400);
        assertThat(oneOldKeyOnly.code()).isEqualTo("ota.tuf.root-signature");
        assertThat(imported.status()).as(imported.rawBody()).isEqualTo(200);
        assertThat(imported.body().path("promotedKeys").toString()).contains("timestamp");
        assertThat(refreshed).isInstanceOfSatisfying(UpdateResult.Updated.class, u -> {
            assertThat(u.root().version()).isEqualTo(2);
            assertThat(u.root()
                            .role(dev.palisade.protocol.tuf.RoleType.TIMESTAMP)
                            .keyIds())
                    .containsExactly(new KeyId(rotated.text("keyId")));
        });
        assertThat(updater.findTarget(TARGET)).isInstanceOf(TargetLookup.Found.class);
    }

    @Test
    void refusesARootThatDoesNotNameTheServersOnlineKeys() {
        TestTenant other = newTenant();
        List<SoftwareMetadataSigner> keys = TufTestCeremony.rootKeys(1);
        Root wrong = TufTestCeremony.root(1, keys, 1, keys(other.adminToken()));
        keys(); // this tenant's keys exist, but the root names the other tenant's

        ApiResponse refused = api.putRaw("/api/v1/ota/tuf/root", other.adminToken(), firstRoot, Map.of());
        ApiResponse refusedToo = importRoot(TufTestCeremony.sign(wrong, keys));

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.code()).isEqualTo("ota.tuf.root-online-keys");
        assertThat(refusedToo.status()).isIn(400, 409);
    }

    @Test
    void tierKeyRotationNeedsNoNewRoot() {
        TufUpdater updater = updater(
                new HttpsRepositoryFetcher(device, devicePort()),
                Clock.systemUTC().instant());
        assertThat(updater.refresh()).isInstanceOf(UpdateResult.Updated.class);

        ApiResponse rotated = api.post("/api/v1/ota/tuf/keys/application/rotate", tenant.adminToken(), Map.of());
        UpdateResult refreshed = updater.refresh();

        assertThat(rotated.status()).as(rotated.rawBody()).isEqualTo(200);
        assertThat(refreshed).isInstanceOfSatisfying(UpdateResult.Updated.class, u -> {
            assertThat(u.root().version()).isEqualTo(1);
            assertThat(u.targets().delegations().orElseThrow().roles().stream()
                            .filter(role -> role.name().equals("application"))
                            .findFirst()
                            .orElseThrow()
                            .keys()
                            .keyIds())
                    .containsExactly(new KeyId(rotated.text("keyId")));
        });
        assertThat(updater.findTarget(TARGET)).isInstanceOf(TargetLookup.Found.class);
    }

    @Test
    void deviceOfAnotherTenantSeesItsOwnRepositoryOnly() throws Exception {
        var response = device.send(
                java.net.http.HttpRequest.newBuilder(
                                java.net.URI.create("https://localhost:" + devicePort() + "/device/v1/tuf/root.json"))
                        .build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(firstRoot);
        assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
    }

    private TufUpdater updater(dev.palisade.protocol.tuf.RepositoryFetcher fetcher, Instant now) {
        return new TufUpdater(
                fetcher,
                new MemoryStore(),
                Clock.fixed(now, ZoneOffset.UTC),
                UpdaterLimits.DEFAULTS,
                firstRoot.getBytes(StandardCharsets.UTF_8));
    }

    private JsonNode keys() {
        return keys(tenant.adminToken());
    }

    private JsonNode keys(String token) {
        ApiResponse keys = api.get("/api/v1/ota/tuf/keys", token);
        assertThat(keys.status()).as(keys.rawBody()).isEqualTo(200);
        return keys.body();
    }

    private ApiResponse importRoot(String root) {
        return api.putRaw("/api/v1/ota/tuf/root", tenant.adminToken(), root, Map.of());
    }

    private byte[] latest(TenantId id, String role) {
        for (long version = 1; ; version++) {
            if (repository
                    .metadataFile(id, (version + 1) + "." + role + ".json")
                    .isEmpty()) {
                return repository
                        .metadataFile(id, version + "." + role + ".json")
                        .orElseThrow();
            }
        }
    }

    /** The server's own active key for {@code role}, as an attacker who stole it would sign with it. */
    private MetadataSigner serverSigner(TenantId id, String role) {
        SigningKey key = custody.find(KeyAlias.of("tenant/" + id + "/tuf/" + role + "/1"))
                .orElseThrow();
        return new MetadataSigner() {
            @Override
            public KeyId keyId() {
                return TufKey.of(key.publicKey()).keyId();
            }

            @Override
            public byte[] sign(byte[] canonical) {
                return key.sign(canonical);
            }
        };
    }

    static final class MemoryStore implements TrustedMetadataStore {
        private final Map<String, byte[]> files = new HashMap<>();

        @Override
        public Optional<byte[]> load(String role) {
            return Optional.ofNullable(files.get(role));
        }

        @Override
        public void store(String role, byte[] metadata) {
            files.put(role, metadata.clone());
        }
    }
}
