package dev.palisade.ota;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.agent.DeviceCredential;
import dev.palisade.agent.KeyOrigin;
import dev.palisade.agent.ota.HttpsRepository;
import dev.palisade.agent.ota.OtaSettings;
import dev.palisade.agent.ota.Slot;
import dev.palisade.agent.ota.UpdateOutcome;
import dev.palisade.agent.ota.Updater;
import dev.palisade.protocol.ota.TargetName;
import dev.palisade.protocol.ota.UpdateDirective;
import dev.palisade.protocol.ota.UpdateState;
import dev.palisade.protocol.ota.UpdateStatus;
import dev.palisade.protocol.tuf.SoftwareMetadataSigner;
import dev.palisade.protocol.tuf.UpdaterLimits;
import dev.palisade.support.ApiResponse;
import dev.palisade.support.EstClients;
import dev.palisade.support.TenantPki;
import dev.palisade.support.WithServer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The reference agent updates itself from the real server: the release an operator published is verified through the
 * tenant's TUF repository (root imported from an offline 2-of-3 ceremony), downloaded from the device endpoint with the
 * device's certificate, installed into the inactive slot, booted on trial and marked good, raising the anti-rollback
 * floor. A directive for something the signed metadata does not list installs nothing.
 */
class AgentUpdateIT extends WithServer {

    private static final String MODEL = "gw-7";
    private static final String REVISION = "r3";

    @TempDir
    Path state;

    private final List<UpdateStatus> reported = new CopyOnWriteArrayList<>();
    private X509Certificate caRoot;
    private OtaClient ota;
    private DeviceCredential credential;
    private String root;

    @BeforeEach
    void deviceAndRepository() {
        caRoot = EstClients.awaitDeviceEndpoint(devicePort(), DATA_DIR);
        TestTenant tenant = newTenant();
        TenantPki pki = new TenantPki(api, tenant);
        ota = new OtaClient(api, tenant.adminToken());
        String deviceId = pki.newDevice("gw");
        ApiResponse labelled = api.patch(
                "/api/v1/devices/" + deviceId,
                tenant.adminToken(),
                Map.of("attributes", Map.of("model", MODEL, "hardwareRevision", REVISION)));
        assertThat(labelled.status()).as(labelled.rawBody()).isEqualTo(200);
        EstClients.Credential issued = pki.issue(deviceId, "device");
        credential = new DeviceCredential(issued.key(), issued.chain(), KeyOrigin.SOFTWARE);
        List<SoftwareMetadataSigner> rootKeys = TufTestCeremony.rootKeys(3);
        ApiResponse keys = api.get("/api/v1/ota/tuf/keys", tenant.adminToken());
        assertThat(keys.status()).as(keys.rawBody()).isEqualTo(200);
        root = TufTestCeremony.sign(
                TufTestCeremony.root(1, rootKeys, 2, keys.body()), List.of(rootKeys.get(0), rootKeys.get(1)));
        ApiResponse imported = api.putRaw("/api/v1/ota/tuf/root", tenant.adminToken(), root, Map.of());
        assertThat(imported.status()).as(imported.rawBody()).isEqualTo(200);
    }

    @Test
    void agentInstallsAPublishedReleaseAndRaisesItsFloor() throws Exception {
        byte[] image = OtaClient.content(50_000);
        JsonNode release = ota.published(MODEL, REVISION, "5.0.0", "os", 7, ota.artifact("gw-os-5.0.0.bin", image));
        Updater updater = updater(true);

        UpdateOutcome outcome = updater.apply(directive(release, "os/" + MODEL + "/" + REVISION + "/5.0.0"));

        assertThat(outcome).isInstanceOf(UpdateOutcome.Good.class);
        Slot active = updater.slots().active();
        assertThat(Files.readAllBytes(updater.slots().image(active))).isEqualTo(image);
        assertThat(updater.floor()).isEqualTo(7);
        assertThat(reported)
                .extracting(UpdateStatus::state)
                .contains(UpdateState.DOWNLOADING, UpdateState.TRIAL, UpdateState.GOOD);
    }

    @Test
    void aDirectiveForATargetTheSignedMetadataDoesNotListInstallsNothing() throws Exception {
        byte[] image = OtaClient.content(10_000);
        JsonNode release =
                ota.published(MODEL, REVISION, "5.1.0", "application", 2, ota.artifact("gw-app-5.1.0.bin", image));
        Updater updater = updater(true);
        Slot before = updater.slots().active();

        // the server's directive could be forged or wrong: the device trusts only what the repository signed
        UpdateOutcome outcome = updater.apply(directive(release, "application/" + MODEL + "/" + REVISION + "/9.9.9"));

        assertThat(outcome).isInstanceOf(UpdateOutcome.Refused.class);
        assertThat(updater.slots().active()).isEqualTo(before);
        assertThat(updater.floor()).isZero();
    }

    @Test
    void anImageThatFailsItsHealthCheckIsRolledBack() throws Exception {
        byte[] image = OtaClient.content(10_000);
        JsonNode release =
                ota.published(MODEL, REVISION, "5.2.0", "config", 1, ota.artifact("gw-config-5.2.0.bin", image));
        Updater updater = updater(false);
        Slot before = updater.slots().active();

        UpdateOutcome outcome = updater.apply(directive(release, "config/" + MODEL + "/" + REVISION + "/5.2.0"));

        assertThat(outcome).isInstanceOf(UpdateOutcome.RolledBack.class);
        assertThat(updater.slots().active()).isEqualTo(before);
        assertThat(updater.floor()).as("a rolled-back image raises nothing").isZero();
    }

    private Updater updater(boolean healthy) {
        var repository = new HttpsRepository(
                URI.create("https://localhost:" + devicePort() + "/"),
                caRoot,
                () -> credential,
                HttpsRepository.Settings.DEFAULTS);
        return new Updater(
                new OtaSettings(MODEL, REVISION, state, Duration.ofSeconds(30), 1_000_000, UpdaterLimits.DEFAULTS),
                root.getBytes(StandardCharsets.UTF_8),
                repository,
                (slot, target) -> healthy,
                reported::add,
                Clock.systemUTC());
    }

    private static UpdateDirective directive(JsonNode release, String target) {
        return new UpdateDirective(release.path("id").asString(), TargetName.parse(target), Optional.empty());
    }
}
