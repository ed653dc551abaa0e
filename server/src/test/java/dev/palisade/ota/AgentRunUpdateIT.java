package dev.palisade.ota;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.palisade.agent.ota.Slot;
import dev.palisade.agent.ota.Slots;
import dev.palisade.ota.rollout.RolloutEngine;
import dev.palisade.protocol.tuf.SoftwareMetadataSigner;
import dev.palisade.shared.TenantId;
import dev.palisade.support.AgentProcess;
import dev.palisade.support.ApiResponse;
import dev.palisade.support.EstClients;
import dev.palisade.support.MqttClients;
import dev.palisade.support.TenantPki;
import dev.palisade.support.WithServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * {@code palisade-agent run --ota-dir} takes a rollout's offer as a device does: it verifies the release through the
 * tenant's TUF repository, downloads it with its certificate, installs it into the inactive slot, reports the trial
 * and ends with exit code 7; started again (as its service manager would) from the new slot, it passes its health
 * check there, marks the update good, raises its anti-rollback floor and reports it, and the rollout completes. An
 * image whose health check fails there is rolled back, and the agent ends with exit code 7 again, to be started from
 * the previous slot.
 */
class AgentRunUpdateIT extends WithServer {

    private static final String MODEL = "gw-9";
    private static final String REVISION = "r2";

    @Autowired
    RolloutEngine engine;

    @Autowired
    Clock clock;

    @TempDir
    Path dir;

    private TestTenant tenant;
    private byte[] image;
    private String release;
    private Path state;
    private List<String> run;

    /** A device of the fleet, its credential in files, the tenant's TUF root shipped with it, a release published. */
    @BeforeEach
    void deviceAndRelease() throws Exception {
        tenant = newTenant();
        var pki = new TenantPki(api, tenant);
        var ota = new OtaClient(api, tenant.adminToken());
        importTufRoot(tenant.adminToken());
        String deviceId = pki.newDevice("gw");
        ApiResponse labelled = api.patch(
                "/api/v1/devices/" + deviceId,
                tenant.adminToken(),
                Map.of(
                        "groups", List.of("fleet"),
                        "attributes", Map.of("model", MODEL, "hardwareRevision", REVISION)));
        assertThat(labelled.status()).as(labelled.rawBody()).isEqualTo(200);
        MqttClients.writePem(pki.issue(deviceId, "device"), dir, "device");
        Files.writeString(
                dir.resolve("root.pem"),
                MqttClients.pem(
                        "CERTIFICATE",
                        EstClients.awaitDeviceEndpoint(devicePort(), DATA_DIR).getEncoded()));
        image = OtaClient.content(40_000);
        release = ota.published(MODEL, REVISION, "6.0.0", "os", 7, ota.artifact("gw-os-6.0.0.bin", image))
                .path("id")
                .asString();
        state = dir.resolve("ota");
        var arguments = new ArrayList<>(List.of("run"));
        arguments.addAll(AgentProcess.endpoint(devicePort(), mqttPort(), dir.resolve("root.pem")));
        arguments.addAll(List.of(
                "--id",
                deviceId,
                "--software-key",
                "--dir",
                dir.toString(),
                "--interval",
                "PT0.5S",
                "--ota-dir",
                state.toString(),
                "--tuf-root",
                dir.resolve("root.json").toString(),
                "--model",
                MODEL,
                "--hardware-revision",
                REVISION));
        run = List.copyOf(arguments);
    }

    @Test
    void aRunningDeviceInstallsARolledOutReleaseRestartsIntoItAndReportsItGood() throws Exception {
        OnTrial onTrial = installedOnTrial(with(run, "--count", "600"));
        AgentProcess.Finished installed = onTrial.agent();
        String rollout = onTrial.rollout();
        // the service manager starts the agent again, now from the slot the update made active
        AgentProcess.Finished restarted = AgentProcess.run(with(run, "--count", "6"));
        await("the update recorded good, after:\n" + restarted.output())
                .atMost(Duration.ofSeconds(30))
                .until(() -> count(rollout, "good") == 1);
        engine.advance(tenantId(), clock.instant());

        assertThat(installed.exitCode()).as(installed.output()).isEqualTo(7);
        assertThat(installed.output())
                .contains("update " + release + ": downloading")
                .contains("update " + release + ": trial")
                .contains("installed in slot b on trial")
                .doesNotContain("update " + release + ": good");
        Slots slots = new Slots(state);
        assertThat(slots.active()).isEqualTo(Slot.B);
        assertThat(Files.readAllBytes(slots.image(Slot.B))).isEqualTo(image);
        assertThat(restarted.exitCode()).as(restarted.output()).isZero();
        assertThat(restarted.output())
                .contains("update " + release + ": good")
                .contains("update os/" + MODEL + "/" + REVISION + "/6.0.0 is good in slot b");
        assertThat(Files.readString(state.resolve("ota").resolve("floor"), UTF_8)
                        .strip())
                .as("the anti-rollback floor rose to the release's security version")
                .isEqualTo("7");
        JsonNode shown =
                api.get("/api/v1/ota/rollouts/" + rollout, tenant.adminToken()).body();
        assertThat(shown.path("state").asString()).as(shown.toString()).isEqualTo("completed");
    }

    @Test
    void anImageThatFailsItsHealthCheckAfterTheRestartIsRolledBackAndTheAgentRestartsIntoThePreviousSlot()
            throws Exception {
        Path unhealthy = Files.writeString(dir.resolve("unhealthy"), "#!/bin/sh\nexit 1\n");
        Files.setPosixFilePermissions(unhealthy, PosixFilePermissions.fromString("rwx------"));
        List<String> checked = with(run, "--health-check", unhealthy.toString());
        OnTrial onTrial = installedOnTrial(with(checked, "--count", "600"));
        AgentProcess.Finished installed = onTrial.agent();
        String rollout = onTrial.rollout();

        AgentProcess.Finished restarted = AgentProcess.run(with(checked, "--count", "600"));
        await("the rollback recorded, after:\n" + restarted.output())
                .atMost(Duration.ofSeconds(30))
                .until(() -> count(rollout, "rolled-back") == 1);
        AgentProcess.Finished fromPrevious = AgentProcess.run(with(checked, "--count", "2"));

        assertThat(installed.exitCode()).as(installed.output()).isEqualTo(7);
        assertThat(restarted.exitCode())
                .as("back to the previous slot: " + restarted.output())
                .isEqualTo(7);
        assertThat(restarted.output())
                .contains("update " + release + ": rolled-back (health-check-failed")
                .contains("slot a is active, this run is from slot b");
        assertThat(new Slots(state).active()).isEqualTo(Slot.A);
        assertThat(state.resolve("ota").resolve("floor"))
                .as("a rolled-back image raises no floor")
                .doesNotExist();
        assertThat(fromPrevious.exitCode()).as(fromPrevious.output()).isZero();
        assertThat(fromPrevious.output()).contains("running from slot a").doesNotContain("update ");
    }

    /** The first run, ended after installing the offered release, and the rollout that offered it. */
    private record OnTrial(AgentProcess.Finished agent, String rollout) {}

    /** Runs the agent until a rollout's offer is installed on trial and the agent ends; the trial is recorded. */
    private OnTrial installedOnTrial(List<String> arguments) throws Exception {
        AgentProcess first = AgentProcess.start(arguments);
        first.awaitLine(line -> line.startsWith("listening for updates"));
        String rollout = rollout();
        engine.advance(tenantId(), clock.instant());
        AgentProcess.Finished installed = first.finish();
        await("the trial recorded, after:\n" + installed.output())
                .atMost(Duration.ofSeconds(30))
                .until(() -> count(rollout, "trial") == 1);
        return new OnTrial(installed, rollout);
    }

    /** The tenant's TUF root, from an offline 2-of-3 ceremony over the server's online keys; the device ships it. */
    private void importTufRoot(String adminToken) throws Exception {
        List<SoftwareMetadataSigner> rootKeys = TufTestCeremony.rootKeys(3);
        ApiResponse keys = api.get("/api/v1/ota/tuf/keys", adminToken);
        assertThat(keys.status()).as(keys.rawBody()).isEqualTo(200);
        String root = TufTestCeremony.sign(
                TufTestCeremony.root(1, rootKeys, 2, keys.body()), List.of(rootKeys.get(0), rootKeys.get(1)));
        ApiResponse imported = api.putRaw("/api/v1/ota/tuf/root", adminToken, root, Map.of());
        assertThat(imported.status()).as(imported.rawBody()).isEqualTo(200);
        Files.writeString(dir.resolve("root.json"), root, UTF_8);
    }

    /** Every device of the fleet at once; a single failure pauses it. */
    private String rollout() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("releaseId", release);
        body.put("group", "fleet");
        body.put("rings", List.of(100));
        body.put("bakeTime", "PT0S");
        body.put("approvalBetweenRings", false);
        body.put("maxFailureRatio", 0.0);
        body.put("onBreach", "pause");
        ApiResponse created = api.post("/api/v1/ota/rollouts", tenant.adminToken(), body);
        assertThat(created.status()).as(created.rawBody()).isEqualTo(201);
        return created.text("id");
    }

    /** The rollout's devices in {@code deviceState}, over its rings. */
    private int count(String rollout, String deviceState) {
        int total = 0;
        for (JsonNode ring : api.get("/api/v1/ota/rollouts/" + rollout, tenant.adminToken())
                .body()
                .path("rings")) {
            total += ring.path("counts").path(deviceState).asInt();
        }
        return total;
    }

    private TenantId tenantId() {
        return new TenantId(UUID.fromString(tenant.id()));
    }

    private static List<String> with(List<String> run, String... more) {
        List<String> arguments = new ArrayList<>(run);
        arguments.addAll(List.of(more));
        return arguments;
    }
}
