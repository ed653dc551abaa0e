package dev.palisade.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.keys.SoftHsmToken;
import dev.palisade.pki.x509.PemText;
import dev.palisade.support.AgentProcess;
import dev.palisade.support.EstClients;
import dev.palisade.support.EstClients.Credential;
import dev.palisade.support.MqttClients;
import dev.palisade.support.TenantPki;
import dev.palisade.support.WithServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code palisade-agent} as a device runs it: a process of its own, its key made in a PKCS#11 token (SoftHSM2),
 * enrolling over EST, publishing over MQTT with the token signing its handshake, and ending with exit code 3 once its
 * certificate is revoked ({@link AgentProcess}).
 */
class AgentCommandLineIT extends WithServer {

    @TempDir
    Path dir;

    @Test
    void aDeviceEnrolsWithItsTokenPublishesAndStopsOnceRevoked() throws Exception {
        Enrolled device = enrolledWithToken("meter-0001");
        List<String> endpoint = device.endpoint();
        TenantPki pki = device.pki();
        Run enrol = device.enrol();
        Run run = agent("run", endpoint, "--dir", dir.toString(), "--count", "3", "--interval", "PT0.1S");
        pki.revoke(
                "meter-0001",
                PemText.parseCertificates(Files.readString(dir.resolve("device.pem")))
                        .getFirst());
        Run refused = agent("run", endpoint, "--dir", dir.toString(), "--count", "3", "--interval", "PT0.1S");

        assertThat(enrol.exitCode()).as(enrol.output()).isZero();
        assertThat(enrol.output()).contains("enrolled meter-0001").contains("in the token");
        assertThat(dir.resolve("device.key")).as("the key stays in the token").doesNotExist();
        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.output()).contains("connected").contains("telemetry 2: accepted");
        assertThat(refused.exitCode()).as(refused.output()).isEqualTo(3);
        assertThat(refused.output()).contains("refused");
    }

    @Test
    void aRunningDeviceDestroysItsTokenCredentialWhenDecommissioned() throws Exception {
        Enrolled device = enrolledWithToken("meter-0002");
        List<String> endpoint = device.endpoint();
        assertThat(device.enrol().exitCode()).as(device.enrol().output()).isZero();

        // a bounded run (at most a minute), so that a wipe that never comes fails the test rather than hanging it
        AgentProcess running =
                start("run", endpoint, "--dir", dir.toString(), "--interval", "PT0.2S", "--count", "300");
        running.awaitLine(line -> line.startsWith("telemetry 1:"));
        var decommissioned = api.post(
                "/api/v1/devices/meter-0002/decommission",
                device.adminToken(),
                Map.of("reason", "returned for recycling"));
        assertThat(decommissioned.status()).as(decommissioned.rawBody()).isEqualTo(200);
        AgentProcess.Finished wiped = running.finish();
        Run afterwards = agent("run", endpoint, "--dir", dir.toString(), "--count", "1");

        assertThat(wiped.exitCode()).as(wiped.output()).isEqualTo(6);
        assertThat(wiped.output()).contains("wiped");
        assertThat(dir.resolve("device.pem")).doesNotExist();
        assertThat(afterwards.exitCode()).as(afterwards.output()).isNotZero();
        assertThat(afterwards.output()).contains("the token holds no credential for meter-0002");
    }

    private record Run(int exitCode, String output) {}

    private record Enrolled(TenantPki pki, String adminToken, List<String> endpoint, Run enrol) {}

    /** A device registered in a new tenant and enrolled by the agent's command line, its key in a new token. */
    private Enrolled enrolledWithToken(String deviceId) throws Exception {
        var tenant = newTenant();
        var pki = new TenantPki(api, tenant);
        pki.register(deviceId);
        Credential bootstrap = pki.issue(deviceId, "bootstrap");
        MqttClients.writePem(bootstrap, dir, "bootstrap");
        Files.writeString(
                dir.resolve("root.pem"),
                MqttClients.pem("CERTIFICATE", EstClients.root(DATA_DIR).getEncoded()));
        SoftHsmToken token = SoftHsmToken.initialise(AgentCommandLineIT.class);
        Files.writeString(dir.resolve("pin"), token.pin());
        List<String> endpoint = List.of(
                "--host", "localhost",
                "--est-port", String.valueOf(devicePort()),
                "--mqtt-port", String.valueOf(mqttPort()),
                "--root", dir.resolve("root.pem").toString(),
                "--id", deviceId,
                "--pkcs11-library", token.library().toString(),
                "--slot", String.valueOf(token.slot()),
                "--pin-file", dir.resolve("pin").toString());
        Run enrol = agent(
                "enrol",
                endpoint,
                "--label",
                tenant.slug(),
                "--bootstrap-cert",
                dir.resolve("bootstrap.pem").toString(),
                "--bootstrap-key",
                dir.resolve("bootstrap.key").toString(),
                "--out",
                dir.toString());
        return new Enrolled(pki, tenant.adminToken(), endpoint, enrol);
    }

    private static Run agent(String command, List<String> endpoint, String... more) throws Exception {
        AgentProcess.Finished finished = start(command, endpoint, more).finish();
        return new Run(finished.exitCode(), finished.output());
    }

    private static AgentProcess start(String command, List<String> endpoint, String... more) throws Exception {
        List<String> arguments = new ArrayList<>(List.of(command));
        arguments.addAll(endpoint);
        arguments.addAll(List.of(more));
        return AgentProcess.start(arguments);
    }
}
