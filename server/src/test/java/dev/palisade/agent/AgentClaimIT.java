package dev.palisade.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.agent.cli.AgentMain;
import dev.palisade.pki.x509.PemText;
import dev.palisade.support.ApiResponse;
import dev.palisade.support.EstClients;
import dev.palisade.support.Manufacturing;
import dev.palisade.support.MqttClients;
import dev.palisade.support.TenantPki;
import dev.palisade.support.WithServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code palisade-agent enrol --claim-code-file}: a device no manifest lists, claimed by its owner, proves the claim
 * with the code on its label and enrols in one run of the reference agent; a wrong code is reported with its reason.
 */
class AgentClaimIT extends WithServer {

    @TempDir
    Path dir;

    private TenantPki pki;
    private Manufacturing factory;

    @BeforeEach
    void manufacturerIsRegistered() throws Exception {
        EstClients.awaitDeviceEndpoint(devicePort(), DATA_DIR);
        pki = new TenantPki(api, newTenant());
        factory = new Manufacturing(
                Path.of("target/manufacturing", UUID.randomUUID().toString()), "acme");
        ApiResponse registered = api.post("/api/v1/manufacturers", pki.token(), factory.registration());
        assertThat(registered.status()).as(registered.rawBody()).isEqualTo(201);
        Files.writeString(
                dir.resolve("root.pem"),
                MqttClients.pem("CERTIFICATE", EstClients.root(DATA_DIR).getEncoded()));
    }

    @Test
    void theAgentProvesTheClaimAndEnrols() throws Exception {
        MqttClients.writePem(factory.bootstrap("SN-G001").credential(), dir, "bootstrap");
        claim("SN-G001", "meter-g001", "K7QM-2X9D-4HRT-B6WN-Q3ZP");
        Files.writeString(dir.resolve("code"), "k7qm 2x9d 4hrt b6wn q3zp\n");

        Run enrol = enrol("meter-g001");

        assertThat(enrol.exitCode()).as(enrol.output()).isZero();
        assertThat(enrol.output()).contains("registers as meter-g001").contains("enrolled meter-g001");
        X509Certificate operational = PemText.parseCertificates(Files.readString(dir.resolve("device.pem")))
                .getFirst();
        operational.verify(pki.activeCaCertificate().getPublicKey());
        assertThat(pki.state("meter-g001")).isEqualTo("active");
    }

    @Test
    void aWrongCodeIsReportedWithItsReason() throws Exception {
        MqttClients.writePem(factory.bootstrap("SN-G002").credential(), dir, "bootstrap");
        claim("SN-G002", "meter-g002", "K7QM-2X9D-4HRT-B6WN-Q3ZP");
        Files.writeString(dir.resolve("code"), "K7QM-2X9D-4HRT-B6WN-Q3ZQ\n");

        Run enrol = enrol("meter-g002");

        assertThat(enrol.exitCode()).isEqualTo(2);
        assertThat(enrol.output()).contains("provisioning.claim-wrong-code");
        assertThat(dir.resolve("device.pem")).doesNotExist();
        assertThat(api.get("/api/v1/devices/meter-g002", pki.token()).status()).isEqualTo(404);
    }

    private void claim(String serial, String device, String code) {
        ApiResponse claimed = api.post(
                "/api/v1/provisioning/claims",
                pki.token(),
                Map.of("manufacturer", "acme", "serial", serial, "deviceId", device, "code", code));
        assertThat(claimed.status()).as(claimed.rawBody()).isEqualTo(201);
    }

    private record Run(int exitCode, String output) {}

    private Run enrol(String device) {
        List<String> args = new ArrayList<>(List.of(
                "enrol",
                "--host",
                "localhost",
                "--est-port",
                String.valueOf(devicePort()),
                "--root",
                dir.resolve("root.pem").toString(),
                "--id",
                device,
                "--label",
                pki.tenant().slug(),
                "--bootstrap-cert",
                dir.resolve("bootstrap.pem").toString(),
                "--bootstrap-key",
                dir.resolve("bootstrap.key").toString(),
                "--software-key",
                "--claim-code-file",
                dir.resolve("code").toString(),
                "--out",
                dir.toString()));
        var output = new StringWriter();
        CommandLine agent = AgentMain.commandLine();
        agent.setOut(new PrintWriter(output, true));
        agent.setErr(new PrintWriter(output, true));
        int exitCode = agent.execute(args.toArray(String[]::new));
        return new Run(exitCode, output.toString());
    }
}
