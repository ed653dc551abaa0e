package dev.palisade.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.palisade.agent.attest.AttestationRefusedException;
import dev.palisade.agent.attest.Tpm;
import dev.palisade.agent.attest.TpmAttestation;
import dev.palisade.agent.attest.TpmKeyAlgorithm;
import dev.palisade.attestation.AssuranceLevel;
import dev.palisade.attestation.AttestationVerdicts;
import dev.palisade.identity.DeviceId;
import dev.palisade.shared.TenantId;
import dev.palisade.support.AgentProcess;
import dev.palisade.support.ApiResponse;
import dev.palisade.support.EstClients;
import dev.palisade.support.Manufacturing;
import dev.palisade.support.MqttClients;
import dev.palisade.support.ReferenceValues;
import dev.palisade.support.SoftwareTpm;
import dev.palisade.support.TenantPki;
import dev.palisade.support.WithServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * The agent's TPM attestation against the real server, with a software TPM (swtpm) that the agent drives through
 * tpm2-tools as it would a device's: it binds its attestation key by credential activation, quotes the PCRs the server
 * names, and reports the verdict or the server's refusal. Each test reads the reference values from the TPM before it
 * changes a PCR, so the tests do not depend on their order. The last test runs the command line in processes of its
 * own, from the factory's reading of the endorsement key to a first contact that must attest before it registers.
 */
class AgentTpmAttestationIT extends WithServer {

    private static SoftwareTpm tpm;

    @TempDir
    Path state;

    @Autowired
    AttestationVerdicts verdicts;

    private X509Certificate root;
    private TestTenant tenant;
    private TenantPki pki;

    @BeforeAll
    static void startTpm() throws Exception {
        tpm = SoftwareTpm.startInTemporaryDirectory("palisade-agent-tpm");
    }

    @AfterAll
    static void stopTpm() {
        tpm.close();
    }

    @BeforeEach
    void tenant() {
        root = EstClients.awaitDeviceEndpoint(devicePort(), DATA_DIR);
        tenant = newTenant();
        pki = new TenantPki(api, tenant);
    }

    @Test
    void agentBindsItsTpmKeyOnceAndItsQuotesPassAtTpmAssurance() throws Exception {
        String model = model();
        String deviceId = deviceOf(model);
        Tpm agentTpm = Tpm.open(state, tpm.tcti(), null, TpmKeyAlgorithm.RSA);
        expectEndorsementKey(deviceId, HexFormat.of().formatHex(endorsementKeySha256(agentTpm)));
        ReferenceValues.putPcrs(api, tenant.adminToken(), model, "1.0.0", tpm.pcrValues(0, 1, 2, 3, 7));
        TpmAttestation attestation = attestation(deviceId, agentTpm);

        TpmAttestation.Result first = attestation.attest(deviceId);
        TpmAttestation.Result second = attestation.attest(deviceId);

        assertThat(first.verdict().passed()).as(first.verdict().toString()).isTrue();
        assertThat(first.verdict().reason()).isEqualTo("attestation.passed");
        assertThat(first.verdict().assurance()).isEqualTo("tpm-quote");
        assertThat(first.verdict().release()).isEqualTo("1.0.0");
        assertThat(first.quoted().argument())
                .as("the PCRs the reference values name")
                .isEqualTo("sha256:0,1,2,3,7");
        JsonNode key = api.get("/api/v1/devices/" + deviceId + "/endorsement-key", tenant.adminToken())
                .body();
        assertThat(first.boundKeyName())
                .isEqualTo(key.path("attestationKeyName").asString());
        assertThat(second.verdict().passed()).isTrue();
        assertThat(second.boundKeyName()).as("bound once").isNull();
        assertThat(pki.auditRecords("attestation.key-bound")).hasSize(1);
        assertThat(pki.auditRecords("attestation.passed")).hasSize(2);
        assertThat(verdicts.freshPass(
                        tenantId(), DeviceId.of(deviceId), Duration.ofMinutes(5), AssuranceLevel.TPM_QUOTE))
                .isTrue();
        JsonNode history = api.get("/api/v1/devices/" + deviceId + "/attestation", tenant.adminToken())
                .body();
        assertThat(history.path("items").get(0).path("assurance").asString()).isEqualTo("tpm-quote");
        assertThat(history.path("items").get(0).path("verifier").asString()).isEqualTo("tpm-quote");
        Path files = state.resolve("tpm");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(files)))
                .isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(files.resolve("ak.priv"))))
                .isEqualTo("rw-------");
        assertThat(files.resolve("credential.secret"))
                .as("the recovered secret is not kept")
                .doesNotExist();
        assertThat(files.resolve("ak.ctx")).as("contexts end with the session").doesNotExist();
    }

    @Test
    void aChangedPcrFailsWithTheReason() throws Exception {
        String model = model();
        String deviceId = deviceOf(model);
        Tpm agentTpm = Tpm.open(state, tpm.tcti(), null, TpmKeyAlgorithm.RSA);
        expectEndorsementKey(deviceId, HexFormat.of().formatHex(endorsementKeySha256(agentTpm)));
        ReferenceValues.putPcrs(api, tenant.adminToken(), model, "1.0.0", tpm.pcrValues(0, 1, 2, 3, 7));
        tpm.extend(7);

        TpmAttestation.Result result = attestation(deviceId, agentTpm).attest(deviceId);

        assertThat(result.verdict().passed()).isFalse();
        assertThat(result.verdict().reason()).isEqualTo("attestation.reference.pcr-mismatch");
        assertThat(result.verdict().assurance()).isEqualTo("none");
        assertThat(result.verdict().detail()).contains("sha256:7 differs");
        assertThat(verdicts.freshPass(tenantId(), DeviceId.of(deviceId), Duration.ofMinutes(5)))
                .isFalse();
        assertThat(pki.auditRecords("attestation.failed")).hasSize(1);
    }

    @Test
    void anEccTpmKeyPairAttestsToo() throws Exception {
        String model = model();
        String deviceId = deviceOf(model);
        Tpm agentTpm = Tpm.open(state, tpm.tcti(), null, TpmKeyAlgorithm.ECC);
        expectEndorsementKey(deviceId, HexFormat.of().formatHex(endorsementKeySha256(agentTpm)));
        ReferenceValues.putPcrs(api, tenant.adminToken(), model, "2.0.0", tpm.pcrValues(0, 7));

        TpmAttestation.Result result = attestation(deviceId, agentTpm).attest(deviceId);

        assertThat(result.verdict().passed()).as(result.verdict().toString()).isTrue();
        assertThat(result.verdict().release()).isEqualTo("2.0.0");
        assertThat(result.quoted().argument()).isEqualTo("sha256:0,7");
    }

    @Test
    void theServersRefusalReachesTheAgentWithItsCode() throws Exception {
        String deviceId = deviceOf(model());
        Tpm agentTpm = Tpm.open(state, tpm.tcti(), null, TpmKeyAlgorithm.RSA);
        expectEndorsementKey(deviceId, "5a".repeat(32)); // another TPM's

        assertThatThrownBy(() -> attestation(deviceId, agentTpm).attest(deviceId))
                .isInstanceOfSatisfying(AttestationRefusedException.class, refused -> {
                    assertThat(refused.status()).isEqualTo(403);
                    assertThat(refused.code()).isEqualTo("attestation.endorsement.not-expected");
                    assertThat(refused.getMessage())
                            .contains("ak-challenge refused by the server (HTTP 403"
                                    + " attestation.endorsement.not-expected)");
                });
        JsonNode key = api.get("/api/v1/devices/" + deviceId + "/endorsement-key", tenant.adminToken())
                .body();
        assertThat(key.path("attestationKeyName").isNull()).isTrue();
        assertThat(state.resolve("tpm").resolve("ak.bound")).doesNotExist();
        assertThat(pki.auditRecords("attestation.refused")).hasSize(1);
    }

    @Test
    void theCommandLineAttestsBeforeFirstContactAndOnItsOwnAfterwards() throws Exception {
        Path dir = state.resolve("device");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("root.pem"), MqttClients.pem("CERTIFICATE", root.getEncoded()));
        List<String> endpoint =
                List.of("--host", "localhost", "--est-port", String.valueOf(devicePort()), "--root", dir + "/root.pem");
        List<String> tpmOptions = List.of("--tpm-tcti", tpm.tcti());
        AgentProcess.Finished endorsementKey =
                AgentProcess.run(join(List.of("endorsement-key", "--dir", dir.toString()), tpmOptions));
        assertThat(endorsementKey.exitCode()).as(endorsementKey.output()).isZero();
        String ekSha256 = endorsementKey.output().strip();
        String model = model();
        String deviceId = "gw-" + UUID.randomUUID().toString().substring(0, 8);
        Manufacturing.Bootstrap bootstrap = manufactured(deviceId, model, ekSha256);
        MqttClients.writePem(bootstrap.credential(), dir, "bootstrap");
        ReferenceValues.putPcrs(api, tenant.adminToken(), model, "1.0.0", tpm.pcrValues(0, 1, 2, 3, 7));
        expect(
                api.put(
                        "/api/v1/provisioning/policy",
                        tenant.adminToken(),
                        Map.of("requireAttestationWithin", "PT15M")),
                200);
        List<String> operational = join(endpoint, List.of("--id", deviceId, "--software-key", "--tpm"), tpmOptions);

        AgentProcess.Finished enrol = AgentProcess.run(join(
                List.of("enrol", "--label", tenant.slug(), "--out", dir.toString()),
                List.of("--bootstrap-cert", dir + "/bootstrap.pem", "--bootstrap-key", dir + "/bootstrap.key"),
                operational));
        AgentProcess.Finished attest = AgentProcess.run(join(List.of("attest", "--dir", dir.toString()), operational));
        tpm.extend(7);
        AgentProcess.Finished changed = AgentProcess.run(join(List.of("attest", "--dir", dir.toString()), operational));

        assertThat(ekSha256).matches("[0-9a-f]{64}");
        assertThat(enrol.exitCode()).as(enrol.output()).isZero();
        assertThat(enrol.output())
                .contains("the registration policy requires attestation first")
                .contains("bound the TPM's attestation key")
                .contains("attestation passed: release 1.0.0, assurance tpm-quote")
                .contains("enrolled " + deviceId);
        assertThat(pki.state(deviceId)).isEqualTo("active");
        assertThat(attest.exitCode()).as(attest.output()).isZero();
        assertThat(attest.output())
                .contains("quoted sha256:0,1,2,3,7")
                .contains("attestation passed")
                .doesNotContain("bound");
        assertThat(changed.exitCode()).as(changed.output()).isEqualTo(9);
        assertThat(changed.output())
                .contains("attestation failed: attestation.reference.pcr-mismatch")
                .contains("sha256:7 differs");
    }

    @Test
    void theCommandLineSaysWhenTheServerOrTheTpmRefuses() throws Exception {
        String deviceId = deviceOf(model());
        expectEndorsementKey(deviceId, "5a".repeat(32));
        Path dir = state.resolve("device");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("root.pem"), MqttClients.pem("CERTIFICATE", root.getEncoded()));
        MqttClients.writePem(pki.issue(deviceId, "device"), dir, "device");
        List<String> attest = List.of(
                "attest",
                "--tpm",
                "--id",
                deviceId,
                "--dir",
                dir.toString(),
                "--software-key",
                "--host",
                "localhost",
                "--est-port",
                String.valueOf(devicePort()),
                "--root",
                dir + "/root.pem");

        AgentProcess.Finished refused = AgentProcess.run(join(attest, List.of("--tpm-tcti", tpm.tcti())));
        AgentProcess.Finished noTpm =
                AgentProcess.run(join(attest, List.of("--tpm-tcti", "swtpm:host=127.0.0.1,port=1")));

        assertThat(refused.exitCode()).as(refused.output()).isEqualTo(10);
        assertThat(refused.output()).contains("refused by the server (HTTP 403 attestation.endorsement.not-expected)");
        assertThat(noTpm.exitCode()).as(noTpm.output()).isEqualTo(11);
        assertThat(noTpm.output()).contains("tpm2_createek failed").contains("swtpm:host=127.0.0.1,port=1");
    }

    // ---

    private static String model() {
        return "model-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** A registered device of {@code model}. */
    private String deviceOf(String model) {
        String deviceId = pki.newDevice("meter");
        expect(
                api.patch(
                        "/api/v1/devices/" + deviceId,
                        tenant.adminToken(),
                        Map.of("attributes", Map.of("model", model))),
                200);
        return deviceId;
    }

    /** The agent's attestation for {@code deviceId}, presenting a certificate the API issued for it. */
    private TpmAttestation attestation(String deviceId, Tpm agentTpm) throws Exception {
        EstClients.Credential issued = pki.issue(deviceId, "device");
        var credential = new DeviceCredential(issued.key(), issued.chain(), KeyOrigin.SOFTWARE);
        return new TpmAttestation(new Endpoints("localhost", devicePort(), mqttPort(), root), credential, agentTpm);
    }

    private static byte[] endorsementKeySha256(Tpm agentTpm) throws Exception {
        try (Tpm.Session session = agentTpm.session()) {
            return session.endorsementKeySha256();
        }
    }

    private void expectEndorsementKey(String deviceId, String sha256) {
        expect(
                api.put(
                        "/api/v1/devices/" + deviceId + "/endorsement-key",
                        tenant.adminToken(),
                        Map.of("sha256", sha256)),
                200);
    }

    /** A device in the manufacturer's signed manifest, its TPM's endorsement key named, and its bootstrap credential. */
    private Manufacturing.Bootstrap manufactured(String deviceId, String model, String endorsementKeySha256)
            throws Exception {
        var factory = new Manufacturing(
                Path.of("target/manufacturing", UUID.randomUUID().toString()), "acme");
        expect(api.post("/api/v1/manufacturers", tenant.adminToken(), factory.registration()), 201);
        var bootstrap = factory.bootstrap("SN-" + deviceId);
        Map<String, String> entry = Map.of(
                "deviceId",
                deviceId,
                "serial",
                "SN-" + deviceId,
                "bootstrapCertificateSha256",
                bootstrap.sha256(),
                "endorsementKeySha256",
                endorsementKeySha256,
                "model",
                model,
                "hardwareRevision",
                "rev-a",
                "firmwareVersion",
                "1.0.0");
        expect(
                api.post(
                        "/api/v1/manufacturers/acme/manifests",
                        tenant.adminToken(),
                        Map.of("signedManifest", factory.sign(Manufacturing.manifest(List.of(entry))))),
                201);
        return bootstrap;
    }

    private TenantId tenantId() {
        return TenantId.parse(tenant.id());
    }

    @SafeVarargs
    private static List<String> join(List<String>... parts) {
        List<String> joined = new ArrayList<>();
        for (List<String> part : parts) {
            joined.addAll(part);
        }
        return joined;
    }

    private static ApiResponse expect(ApiResponse response, int status) {
        if (response.status() != status) {
            throw new AssertionError("expected " + status + ", got " + response.status() + ": " + response.rawBody());
        }
        return response;
    }
}
