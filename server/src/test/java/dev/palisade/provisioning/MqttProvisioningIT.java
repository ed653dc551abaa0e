package dev.palisade.provisioning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.palisade.agent.DeviceCredential;
import dev.palisade.agent.Endpoints;
import dev.palisade.agent.EnrolmentException;
import dev.palisade.agent.KeyOrigin;
import dev.palisade.agent.MqttEnrolment;
import dev.palisade.agent.SoftwareKeys;
import dev.palisade.broker.EmbeddedBroker;
import dev.palisade.pki.x509.PemText;
import dev.palisade.support.ApiResponse;
import dev.palisade.support.EstClients;
import dev.palisade.support.Manufacturing;
import dev.palisade.support.MqttClients;
import dev.palisade.support.OpenSsl;
import dev.palisade.support.TenantPki;
import dev.palisade.support.TestApi;
import dev.palisade.support.WithServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.awaitility.core.ConditionTimeoutException;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * A device fresh from the factory makes its first contact over MQTT, with clients nobody here wrote: its request made by
 * openssl, sent and answered with mosquitto_pub, mosquitto_sub and mosquitto_rr (MQTT 3.1.1 and 5) over TLS 1.3 with
 * its manufacturer's bootstrap certificate. A listed device gets its operational certificate on its answer topic and
 * connects with it; the bootstrap session can do nothing but ask; refusals carry EST's codes and change nothing.
 */
class MqttProvisioningIT extends WithServer {

    @Autowired
    EmbeddedBroker broker;

    @TempDir
    Path files;

    private X509Certificate root;
    private TenantPki pki;
    private Manufacturing factory;
    private OpenSsl openssl;
    private String lastOutput = "";

    @BeforeEach
    void manufacturerIsRegistered() throws Exception {
        root = EstClients.awaitDeviceEndpoint(devicePort(), DATA_DIR);
        pki = new TenantPki(api, newTenant());
        factory = new Manufacturing(
                Path.of("target/manufacturing", UUID.randomUUID().toString()), "acme");
        expect(api.post("/api/v1/manufacturers", pki.token(), factory.registration()), 201);
        openssl = new OpenSsl(files);
        openssl.write("root.pem", MqttClients.pem("CERTIFICATE", root.getEncoded()));
        // on a first start the broker re-reads its TLS files within ten seconds: wait until it serves the real ones
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> openssl.run(
                                "s_client",
                                "-connect",
                                "localhost:" + mqttPort(),
                                "-CAfile",
                                "root.pem",
                                "-verify_return_error",
                                "-brief")
                        .output()
                        .contains("Verification: OK"));
    }

    @Test
    void listedDeviceEnrolsOverMqttAndConnectsWithItsNewCertificate() throws Exception {
        manufactured("meter-0001", "SN-0001", "bootstrap");
        openssl.request("ec:P-256", "/CN=meter-0001", "device");
        Client answers = subscribed(
                "bootstrap", "mqttv311", "listener", "provisioning/meter-0001/enrol/+", "-v", "-q", "1", "-C", "1");

        String sent = finish(start(
                "mosquitto_pub",
                "bootstrap",
                "mqttv311",
                "requester",
                "-q",
                "1",
                "-t",
                "provisioning/meter-0001/enrol",
                "-f",
                "device.csr"));

        assertThat(sent).contains("received PUBACK");
        JsonNode answer = answer(finish(answers), "provisioning/meter-0001/enrol/accepted");
        assertThat(answer.path("deviceId").asString()).isEqualTo("meter-0001");
        assertThat(answer.path("policy").path("sources").get(0).asString()).isEqualTo("built-in:device");
        List<X509Certificate> chain =
                PemText.parseCertificates(answer.path("certificate").asString());
        assertThat(chain.getFirst().getSubjectX500Principal().getName()).startsWith("CN=meter-0001,");
        chain.getFirst().verify(pki.activeCaCertificate().getPublicKey());
        assertThat(pki.state("meter-0001")).isEqualTo("active");
        JsonNode decision = pki.auditRecords("provisioning.registered").getFirst();
        assertThat(decision.path("details").path("channel").asString()).isEqualTo("mqtt");
        await().atMost(Duration.ofSeconds(10)).until(() -> broker.bootstrapSessionCount() == 0);

        // the device reconnects as what it now is: an operational device with its own topics
        openssl.write("device.pem", answer.path("certificate").asString());
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> assertThat(finish(start(
                                "mosquitto_pub",
                                "device",
                                "mqttv5",
                                "meter-0001",
                                "-q",
                                "1",
                                "-t",
                                "devices/meter-0001/telemetry/t",
                                "-m",
                                "21.5")))
                        .contains("received PUBACK")
                        .doesNotContain("Not authorized"));
    }

    @Test
    void bootstrapSessionMayOnlyAskForItsOwnCertificate() throws Exception {
        manufactured("meter-0002", "SN-0002", "bootstrap");
        openssl.request("ec:P-256", "/CN=meter-0002", "device");

        List<String> subscriptions = new ArrayList<>();
        for (String filter :
                List.of("#", "provisioning/#", "provisioning/meter-0003/enrol/+", "devices/meter-0002/commands/#")) {
            subscriptions.add(
                    finish(start("mosquitto_sub", "bootstrap", "mqttv5", "s", "-t", filter, "-C", "1", "-W", "10")));
        }
        String telemetry = finish(start(
                "mosquitto_pub",
                "bootstrap",
                "mqttv5",
                "p",
                "-q",
                "1",
                "-t",
                "devices/meter-0002/telemetry/t",
                "-m",
                "1"));
        String otherDevice = finish(start(
                "mosquitto_pub",
                "bootstrap",
                "mqttv5",
                "p",
                "-q",
                "1",
                "-t",
                "provisioning/meter-0003/enrol",
                "-f",
                "device.csr"));

        assertThat(subscriptions)
                .allSatisfy(output -> assertThat(output).contains("All subscription requests were denied"));
        assertThat(telemetry.toLowerCase(java.util.Locale.ROOT)).contains("not authorized");
        assertThat(otherDevice.toLowerCase(java.util.Locale.ROOT)).contains("not authorized");
        assertThat(api.get("/api/v1/devices/meter-0002", pki.token()).status()).isEqualTo(404);
        assertThat(pki.auditRecords("provisioning.registration-refused")).isEmpty();
    }

    @Test
    void deviceNotInTheManifestIsToldSoAndNothingIsRegistered() throws Exception {
        MqttClients.writePem(factory.bootstrap("SN-0009").credential(), files, "unlisted");
        openssl.request("ec:P-256", "/CN=meter-0009", "device");

        JsonNode answer =
                request("unlisted", "meter-0009", "device.csr", pki.tenant().slug());

        assertThat(answer.path("code").asString()).isEqualTo("provisioning.not-in-manifest");
        assertThat(api.get("/api/v1/devices/meter-0009", pki.token()).status()).isEqualTo(404);
        assertThat(pki.auditRecords("provisioning.registration-refused"))
                .singleElement()
                .satisfies(record -> {
                    assertThat(record.path("details").path("reason").asString())
                            .isEqualTo("provisioning.not-in-manifest");
                    assertThat(record.path("details").path("channel").asString())
                            .isEqualTo("mqtt");
                });
    }

    @Test
    void malformedRequestIsRefusedAndLeavesTheEntryForAGoodOne() throws Exception {
        manufactured("meter-0004", "SN-0004", "bootstrap");
        openssl.write(
                "garbage.csr",
                "-----BEGIN CERTIFICATE REQUEST-----\nbm90IGEgcmVxdWVzdA==\n" + "-----END CERTIFICATE REQUEST-----\n");
        openssl.request("ec:P-256", "/CN=meter-0004", "device");

        JsonNode refused = request("bootstrap", "meter-0004", "garbage.csr", null);

        assertThat(refused.path("code").asString()).as(refused.toString()).isEqualTo("provisioning.request-refused");
        assertThat(refused.path("detail").asString()).contains("pki.csr.malformed");
        assertThat(api.get("/api/v1/devices/meter-0004", pki.token()).status()).isEqualTo(404);
        assertThat(entryUsed("meter-0004")).isFalse();
        JsonNode accepted = request("bootstrap", "meter-0004", "device.csr", null);
        assertThat(accepted.path("certificate").asString())
                .as(accepted.toString())
                .contains("BEGIN CERTIFICATE");
        assertThat(pki.state("meter-0004")).isEqualTo("active");
    }

    @Test
    void recalledDeviceIsRefusedAsOverEst() throws Exception {
        manufactured("meter-0005", "SN-0005", "bootstrap");
        expect(api.put("/api/v1/recalls/serial/SN-0005", pki.token(), Map.of("reason", "batch 7 flaw")), 201);
        openssl.request("ec:P-256", "/CN=meter-0005", "device");

        JsonNode answer = request("bootstrap", "meter-0005", "device.csr", null);

        assertThat(answer.path("code").asString()).isEqualTo("provisioning.recalled");
        assertThat(api.get("/api/v1/devices/meter-0005", pki.token()).status()).isEqualTo(404);
        assertThat(entryUsed("meter-0005")).isFalse();
    }

    @Test
    void anotherTenantsLabelIsRefusedAtConnectAndAnUnregisteredCaFailsTheHandshake() throws Exception {
        manufactured("meter-0006", "SN-0006", "bootstrap");
        var elsewhere = new TenantPki(api, newTenant());
        var stranger = new Manufacturing(
                Path.of("target/manufacturing", UUID.randomUUID().toString()), "stranger");
        MqttClients.writePem(stranger.bootstrap("SN-0007").credential(), files, "stranger");

        String wrongTenant = finish(start(
                "mosquitto_pub",
                "bootstrap",
                "mqttv5",
                "p",
                "-u",
                elsewhere.tenant().slug(),
                "-t",
                "provisioning/meter-0006/enrol",
                "-m",
                "x"));
        Client unregistered =
                start("mosquitto_pub", "stranger", "mqttv5", "p", "-t", "provisioning/meter-0007/enrol", "-m", "x");
        String handshake = finish(unregistered);

        assertThat(wrongTenant).contains("received CONNACK (135)");
        assertThat(elsewhere.auditRecords("provisioning.registration-refused"))
                .singleElement()
                .satisfies(record -> {
                    assertThat(record.path("details").path("reason").asString())
                            .isEqualTo("provisioning.unknown-bootstrap-ca");
                    assertThat(record.path("details").path("channel").asString())
                            .isEqualTo("mqtt");
                });
        assertThat(unregistered.process().exitValue()).as(handshake).isNotZero();
        assertThat(handshake).doesNotContain("received CONNACK");
    }

    @Test
    void referenceAgentEnrolsOverMqttAndIsRefusedWithTheCodeForASecondTry() throws Exception {
        var manufactured = manufactured("meter-0008", "SN-0008", "bootstrap");
        var bootstrap = new DeviceCredential(
                manufactured.credential().key(), manufactured.credential().chain(), KeyOrigin.SOFTWARE);
        var endpoints = new Endpoints("localhost", devicePort(), mqttPort(), root);
        var enrolment = new MqttEnrolment(
                endpoints, pki.tenant().slug(), new SoftwareKeys(KeyOrigin.SOFTWARE), Duration.ofSeconds(60));

        DeviceCredential operational = enrolment.enrol("meter-0008", bootstrap);

        operational.certificate().verify(pki.activeCaCertificate().getPublicKey());
        assertThat(operational.chain()).hasSize(2);
        assertThat(pki.state("meter-0008")).isEqualTo("active");
        assertThatThrownBy(() -> enrolment.enrol("meter-0008", bootstrap))
                .isInstanceOf(EnrolmentException.class)
                .hasMessageContaining("provisioning.entry-used");
    }

    @Test
    void agentCommandLineEnrolsOverMqtt() throws Exception {
        manufactured("meter-0011", "SN-0011", "bootstrap");

        var enrol = new ProcessBuilder(agentCommand(
                        "enrol",
                        "--over",
                        "mqtt",
                        "--host",
                        "localhost",
                        "--mqtt-port",
                        String.valueOf(mqttPort()),
                        "--root",
                        files.resolve("root.pem").toString(),
                        "--id",
                        "meter-0011",
                        "--software-key",
                        "--bootstrap-cert",
                        files.resolve("bootstrap.pem").toString(),
                        "--bootstrap-key",
                        files.resolve("bootstrap.key").toString(),
                        "--out",
                        files.toString()))
                .redirectErrorStream(true)
                .redirectOutput(files.resolve("agent.log").toFile())
                .start();

        assertThat(enrol.waitFor(2, TimeUnit.MINUTES)).isTrue();
        String output = Files.readString(files.resolve("agent.log"));
        assertThat(enrol.exitValue()).as(output).isZero();
        assertThat(output).contains("enrolled meter-0011");
        assertThat(PemText.parseCertificates(Files.readString(files.resolve("device.pem"))))
                .hasSize(2);
        assertThat(pki.state("meter-0011")).isEqualTo("active");
    }

    /** The agent's command line in a JVM of its own, without the server's OpenSSL binding (see docs/agent.md). */
    private static List<String> agentCommand(String... arguments) {
        String classPath = java.util.Arrays.stream(
                        System.getProperty("java.class.path").split(java.io.File.pathSeparator))
                .filter(entry -> !Path.of(entry).getFileName().toString().startsWith("netty-tcnative"))
                .collect(java.util.stream.Collectors.joining(java.io.File.pathSeparator));
        List<String> line = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                classPath,
                "dev.palisade.agent.cli.AgentMain"));
        line.addAll(List.of(arguments));
        return line;
    }

    /** Imports a manifest listing the device, and writes its bootstrap credential as {@code <name>.pem/.key}. */
    private Manufacturing.Bootstrap manufactured(String device, String serial, String name) throws Exception {
        var bootstrap = factory.bootstrap(serial);
        Map<String, String> entry = Map.of(
                "deviceId",
                device,
                "serial",
                serial,
                "bootstrapCertificateSha256",
                bootstrap.sha256(),
                "model",
                "m1",
                "hardwareRevision",
                "rev-b",
                "firmwareVersion",
                "1.4.0");
        expect(
                api.post(
                        "/api/v1/manufacturers/acme/manifests",
                        pki.token(),
                        Map.of("signedManifest", factory.sign(Manufacturing.manifest(List.of(entry))))),
                201);
        MqttClients.writePem(bootstrap.credential(), files, name);
        return bootstrap;
    }

    /**
     * Sends the request in {@code file} (text) with mosquitto_rr (one MQTT 5 connection: it subscribes to the response topic
     * it names in the request, then publishes) and returns the answer.
     */
    private JsonNode request(String credential, String device, String file, @Nullable String label) throws Exception {
        List<String> rest = new ArrayList<>(List.of(
                "-t",
                "provisioning/" + device + "/enrol",
                "-e",
                "provisioning/" + device + "/enrol/response",
                // mosquitto_rr sends an empty request for -f: the file's text goes as the message instead
                "-m",
                Files.readString(files.resolve(file), StandardCharsets.US_ASCII),
                "-q",
                "1",
                "-W",
                "60"));
        if (label != null) {
            rest.addAll(List.of("-u", label));
        }
        String output = await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofSeconds(1))
                .until(
                        () -> finish(start("mosquitto_rr", credential, "mqttv5", device, rest.toArray(String[]::new))),
                        text -> text.lines().anyMatch(line -> line.startsWith("{")));
        lastOutput = output;
        return TestApi.JSON.readTree(
                output.lines().filter(line -> line.startsWith("{")).findFirst().orElseThrow());
    }

    /** A mosquitto_sub that the broker has confirmed subscribed; retried while the broker's TLS files are new. */
    private Client subscribed(String credential, String version, String clientId, String filter, String... rest)
            throws Exception {
        List<String> arguments = new ArrayList<>(List.of("-t", filter, "-W", "60"));
        arguments.addAll(List.of(rest));
        Client[] started = new Client[1];
        try {
            await().atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofSeconds(1))
                    .until(() -> {
                        if (started[0] == null || !started[0].process().isAlive()) {
                            started[0] = start(
                                    "mosquitto_sub", credential, version, clientId, arguments.toArray(String[]::new));
                        }
                        return Files.readString(started[0].log()).contains("received SUBACK");
                    });
        } catch (ConditionTimeoutException e) {
            throw new AssertionError(
                    "mosquitto_sub did not subscribe:\n"
                            + (started[0] == null ? "" : Files.readString(started[0].log())),
                    e);
        }
        return started[0];
    }

    /** The JSON published on {@code topic}, from mosquitto_sub's verbose output. */
    private static JsonNode answer(String output, String topic) {
        String line = output.lines()
                .filter(candidate -> candidate.startsWith(topic + " "))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no message on " + topic + " in:\n" + output));
        return TestApi.JSON.readTree(line.substring(topic.length() + 1));
    }

    private boolean entryUsed(String device) {
        return !expect(api.get("/api/v1/devices/" + device + "/manifest-entries", pki.token()), 200)
                .body()
                .path("entries")
                .get(0)
                .path("usedAt")
                .isNull();
    }

    /** A running client and the file its output goes to (read once it ended; a pipe could fill and stall it). */
    private record Client(Process process, Path log) {}

    private Client start(String command, String credential, String version, String clientId, String... rest)
            throws Exception {
        // line-buffered, so that what a client printed can be read while it runs
        List<String> arguments = new ArrayList<>(List.of("stdbuf", "-oL"));
        arguments.addAll(MqttClients.mosquitto(command, mqttPort(), version, credential, clientId));
        arguments.addAll(List.of(rest));
        Path log = Files.createTempFile(files, command, ".log");
        Process process = new ProcessBuilder(arguments)
                .directory(files.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        return new Client(process, log);
    }

    private static String finish(Client client) throws Exception {
        boolean ended = client.process().waitFor(90, TimeUnit.SECONDS);
        if (!ended) {
            client.process().destroyForcibly();
        }
        String output = Files.readString(client.log(), StandardCharsets.UTF_8);
        assertThat(ended).as("the client ended:\n" + output).isTrue();
        return output;
    }

    private static ApiResponse expect(ApiResponse response, int status) {
        assertThat(response.status()).as(response.rawBody()).isEqualTo(status);
        return response;
    }
}
