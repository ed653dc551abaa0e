package dev.palisade.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.palisade.attestation.Reattestation;
import dev.palisade.shared.TenantId;
import dev.palisade.support.AgentProcess;
import dev.palisade.support.ApiResponse;
import dev.palisade.support.EstClients;
import dev.palisade.support.MqttClients;
import dev.palisade.support.ReferenceValues;
import dev.palisade.support.SoftwareTpm;
import dev.palisade.support.TenantPki;
import dev.palisade.support.WithServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * {@code palisade-agent run --attest-every} attests with the device's TPM (swtpm, driven through tpm2-tools) while the
 * session runs: the server records pass after pass; once a boot measurement changes, the next attestation fails, the
 * server's re-attestation check quarantines the device, and the broker holds its live session to the remediation
 * topics, so its telemetry is refused from then on.
 */
class AgentRunAttestationIT extends WithServer {

    private static SoftwareTpm tpm;

    @TempDir
    Path dir;

    @Autowired
    Reattestation reattestation;

    @Autowired
    Clock clock;

    @BeforeAll
    static void startTpm() throws Exception {
        tpm = SoftwareTpm.startInTemporaryDirectory("palisade-agent-run-tpm");
    }

    @AfterAll
    static void stopTpm() {
        tpm.close();
    }

    @Test
    void aRunningDeviceAttestsAgainAndAgainAndIsQuarantinedOnceItsMeasurementsChange() throws Exception {
        var root = EstClients.awaitDeviceEndpoint(devicePort(), DATA_DIR);
        var tenant = newTenant();
        var pki = new TenantPki(api, tenant);
        String model = "model-" + UUID.randomUUID().toString().substring(0, 8);
        String device = pki.newDevice("gw");
        expectOk(api.patch(
                "/api/v1/devices/" + device, tenant.adminToken(), Map.of("attributes", Map.of("model", model))));
        expectOk(api.put("/api/v1/attestation/settings", tenant.adminToken(), Map.of("reattestationInterval", "PT1M")));
        List<String> tpmOptions = List.of("--tpm-tcti", tpm.tcti(), "--tpm-algorithm", "ecc");
        AgentProcess.Finished endorsementKey =
                AgentProcess.run(join(List.of("endorsement-key", "--dir", dir.toString()), tpmOptions));
        assertThat(endorsementKey.exitCode()).as(endorsementKey.output()).isZero();
        expectOk(api.put(
                "/api/v1/devices/" + device + "/endorsement-key",
                tenant.adminToken(),
                Map.of("sha256", endorsementKey.output().strip())));
        ReferenceValues.putPcrs(api, tenant.adminToken(), model, "1.0.0", tpm.pcrValues(0, 1, 2, 3, 7));
        MqttClients.writePem(pki.issue(device, "device"), dir, "device");
        Files.writeString(dir.resolve("root.pem"), MqttClients.pem("CERTIFICATE", root.getEncoded()));
        List<String> run = join(
                List.of("run"),
                AgentProcess.endpoint(devicePort(), mqttPort(), dir.resolve("root.pem")),
                List.of(
                        "--id",
                        device,
                        "--software-key",
                        "--dir",
                        dir.toString(),
                        "--interval",
                        "PT0.5S",
                        "--attest-every",
                        "PT2S"),
                tpmOptions);
        TenantId tenantId = new TenantId(UUID.fromString(tenant.id()));

        List<?> overdueWhilePassing;
        String failedLine;
        String refusedLine;
        String quarantinedLine;
        String stillLine;
        String output;
        try (AgentProcess running = AgentProcess.start(run)) {
            try {
                await().atMost(Duration.ofMinutes(2)).until(() -> count(device, tenant.adminToken(), "pass") >= 3);
            } catch (ConditionTimeoutException e) {
                throw new AssertionError(
                        "three passing verdicts did not come; the agent said:\n" + running.output(), e);
            }
            overdueWhilePassing = reattestation.quarantineOverdue(tenantId, clock.instant());
            tpm.extend(7);
            failedLine = running.awaitLine(line -> line.startsWith("attestation failed: "));
            reattestation.quarantineOverdue(tenantId, clock.instant());
            refusedLine = running.awaitLineAfter(
                    line -> line.startsWith("attestation failed: "), line -> line.matches("telemetry \\d+: refused"));
            quarantinedLine =
                    running.awaitLineAfter(line -> line.equals(failedLine), line -> line.startsWith("quarantined: "));
            // it falls silent and checks back later: the broker's CONNACK says it is still quarantined
            stillLine = running.awaitLineAfter(
                    line -> line.equals(quarantinedLine),
                    line -> line.equals("quarantined: the broker says the device is still quarantined"));
            output = running.output();
        }

        assertThat(overdueWhilePassing)
                .as("a device that attests in time is not overdue")
                .isEmpty();
        assertThat(output)
                .contains("attestation passed: release 1.0.0, assurance tpm-quote; next at")
                .contains("bound the TPM's attestation key");
        assertThat(failedLine)
                .startsWith("attestation failed: attestation.reference.pcr-mismatch: ")
                .contains("sha256:7 differs");
        JsonNode newest = verdicts(device, tenant.adminToken()).get(0);
        assertThat(newest.path("verdict").asString()).isEqualTo("fail");
        assertThat(newest.path("reason").asString()).isEqualTo("attestation.reference.pcr-mismatch");
        assertThat(pki.state(device)).as("the server decided").isEqualTo("quarantined");
        assertThat(refusedLine).matches("telemetry \\d+: refused");
        assertThat(quarantinedLine)
                .as("told by the refusal's reason string, it falls silent rather than be cut")
                .matches("quarantined: the broker (refused a publish: the device is quarantined"
                        + "|says the device is quarantined)");
        assertThat(output.substring(output.indexOf(stillLine)))
                .as("nothing is published while quarantined")
                .doesNotContain(": accepted")
                .doesNotContain(": refused");
        assertThat(Files.readString(dir.resolve("attestation.json")))
                .as("the last outcome, kept for local monitoring")
                .contains("\"outcome\":\"failed\"")
                .contains("\"reason\":\"attestation.reference.pcr-mismatch\"");
    }

    private JsonNode verdicts(String device, String token) {
        return api.get("/api/v1/devices/" + device + "/attestation", token)
                .body()
                .path("items");
    }

    private long count(String device, String token, String verdict) {
        long count = 0;
        for (JsonNode item : verdicts(device, token)) {
            if (item.path("verdict").asString().equals(verdict)) {
                count++;
            }
        }
        return count;
    }

    @SafeVarargs
    private static List<String> join(List<String>... parts) {
        List<String> joined = new ArrayList<>();
        for (List<String> part : parts) {
            joined.addAll(part);
        }
        return joined;
    }

    private static void expectOk(ApiResponse response) {
        assertThat(response.status()).as(response.rawBody()).isEqualTo(200);
    }
}
