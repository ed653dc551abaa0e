package dev.palisade.provisioning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.palisade.agent.AgentState;
import dev.palisade.agent.DeviceAgent;
import dev.palisade.agent.DeviceCredential;
import dev.palisade.agent.Endpoints;
import dev.palisade.agent.EstEnrolment;
import dev.palisade.agent.KeyOrigin;
import dev.palisade.agent.SoftwareKeys;
import dev.palisade.support.ApiResponse;
import dev.palisade.support.DeviceKeys;
import dev.palisade.support.EstClients;
import dev.palisade.support.EstClients.Credential;
import dev.palisade.support.Manufacturing;
import dev.palisade.support.MqttClients;
import dev.palisade.support.TenantPki;
import dev.palisade.support.WithServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Decommissioning end to end: a connected device (the reference agent) is sent its wipe
 * command, destroys its credentials (its key and certificate files) and acknowledges, then its session is closed; its certificates are revoked, its
 * state decommissioned with who, when and why, all audited. Its bootstrap certificate never enrols it again, nor does
 * its old certificate connect or re-enrol, unless it is re-manufactured: a manifest imported afterwards that lists it.
 */
class DecommissionIT extends WithServer {

    private X509Certificate root;
    private TenantPki pki;
    private Manufacturing factory;

    @BeforeEach
    void manufacturerIsRegistered() throws Exception {
        root = EstClients.awaitDeviceEndpoint(devicePort(), DATA_DIR);
        pki = new TenantPki(api, newTenant());
        factory = new Manufacturing(
                Path.of("target/manufacturing", UUID.randomUUID().toString()), "acme");
        expect(api.post("/api/v1/manufacturers", pki.token(), factory.registration()), 201);
    }

    @Test
    void connectedDeviceIsWipedThenCutAndEndsRevokedAndDecommissioned() throws Exception {
        var bootstrap = manufactured("meter-d001", "SN-D001");
        var endpoints = new Endpoints("localhost", devicePort(), mqttPort(), root);
        // a software key kept in files, as the agent's command line keeps one (in this JVM the MQTT client's TLS would
        // pick OpenSSL, which cannot sign with a PKCS#11 key: the token is covered by the agent's own tests)
        DeviceCredential operational = new EstEnrolment(
                        endpoints, pki.tenant().slug(), new SoftwareKeys(KeyOrigin.SOFTWARE))
                .enrol(
                        "meter-d001",
                        new DeviceCredential(
                                bootstrap.credential().key(),
                                bootstrap.credential().chain(),
                                KeyOrigin.SOFTWARE));
        Path state = Files.createDirectories(
                Path.of("target/decommission", UUID.randomUUID().toString()));
        MqttClients.writePem(new Credential(operational.key(), operational.chain()), state, "device");
        List<AgentState> states = new CopyOnWriteArrayList<>();
        List<String> reasons = new CopyOnWriteArrayList<>();
        var agent = new DeviceAgent(
                "meter-d001",
                operational,
                endpoints,
                (device, now, why) -> {
                    states.add(now);
                    reasons.add(now + ": " + why);
                },
                () -> {
                    Files.delete(state.resolve("device.key"));
                    Files.delete(state.resolve("device.pem"));
                });
        agent.connect().get(30, TimeUnit.SECONDS);
        agent.listening().get(10, TimeUnit.SECONDS);
        assertThat(state.resolve("device.key")).exists();
        long auditFrom = pki.auditSize();

        ApiResponse decommissioned =
                api.post("/api/v1/devices/meter-d001/decommission", pki.token(), Map.of("reason", "end of life"));

        expect(decommissioned, 200);
        assertThat(decommissioned.text("state")).isEqualTo("decommissioned");
        assertThat(decommissioned.body().path("decommissioning").path("reason").asString())
                .isEqualTo("end of life");
        assertThat(agent.state()).as("wiped before the answer").isEqualTo(AgentState.WIPED);
        // the first connection of a new tenant's device may be retried once while the broker takes in the tenant's
        // new issuing CA; what matters is that the wipe reached a live session and nothing refused the device first
        assertThat(states).as(reasons.toString()).contains(AgentState.CONNECTED).doesNotContain(AgentState.REFUSED);
        assertThat(states.getLast()).as(reasons.toString()).isEqualTo(AgentState.WIPED);
        assertThat(state.resolve("device.key")).as("the key is destroyed").doesNotExist();
        assertThat(state.resolve("device.pem")).doesNotExist();
        assertThat(api.get("/api/v1/devices/meter-d001/session", pki.token()).status())
                .as("the session is closed")
                .isEqualTo(404);
        JsonNode wipe = only(pki.auditRecordsFrom(auditFrom), "device.wipe.sent");
        assertThat(wipe.path("details").path("delivery").asString())
                .as("the device acknowledged the wipe before the session was closed")
                .isEqualTo("acknowledged");
        JsonNode record = only(pki.auditRecordsFrom(auditFrom), "device.decommissioned");
        assertThat(record.path("details").path("reason").asString()).isEqualTo("end of life");
        assertThat(record.path("details").path("certificatesRevoked").asString())
                .isEqualTo("1");
        assertEveryCertificateRevoked("meter-d001");
        JsonNode shown =
                expect(api.get("/api/v1/devices/meter-d001", pki.token()), 200).body();
        assertThat(shown.path("state").asString()).isEqualTo("decommissioned");
        assertThat(shown.path("decommissioning").path("at").isMissingNode()).isFalse();
        JsonNode listed = expect(api.get("/api/v1/devices?state=decommissioned", pki.token()), 200)
                .body()
                .path("items");
        assertThat(listed).hasSize(1);
        assertThat(listed.get(0).path("decommissioning").path("reason").asString())
                .isEqualTo("end of life");
        agent.close();
    }

    @Test
    void decommissionedDeviceNeitherEnrolsWithItsBootstrapNorReconnectsNorReenrols() throws Exception {
        var bootstrap = manufactured("meter-d002", "SN-D002");
        KeyPair key = DeviceKeys.p256();
        X509Certificate operational = enrol(bootstrap, "meter-d002", key);
        var current = new Credential(key.getPrivate(), List.of(operational, pki.activeCaCertificate()));
        var session = MqttClients.client(mqttPort(), "meter-d002", current, root);
        MqttClients.connectOnceTrusted(session);
        long auditFrom = pki.auditSize();

        expect(api.post("/api/v1/devices/meter-d002/decommission", pki.token(), Map.of()), 200);

        JsonNode wipe = only(pki.auditRecordsFrom(auditFrom), "device.wipe.not-delivered");
        assertThat(wipe.path("details").path("delivery").asString())
                .as("connected, but not listening for commands")
                .isEqualTo("not-subscribed");
        await().atMost(Duration.ofSeconds(5)).until(() -> !session.getState().isConnected());
        String refusal = refusedEnrolment(bootstrap, "meter-d002");
        assertThat(refusal).contains("provisioning.device-decommissioned");
        assertThat(pki.auditRecords("provisioning.registration-refused")).anySatisfy(record -> {
            assertThat(record.path("target").asString()).isEqualTo("device:meter-d002");
            assertThat(record.path("details").path("reason").asString())
                    .isEqualTo("provisioning.device-decommissioned");
        });
        var again = MqttClients.client(mqttPort(), "meter-d002", current, root);
        assertThatThrownBy(again::connect)
                .as("its old certificate cannot connect")
                .isInstanceOf(RuntimeException.class);
        assertThatThrownBy(() -> EstClients.est(devicePort(), null, root, current)
                        .simpleEnroll(true, DeviceKeys.request("meter-d002", DeviceKeys.p256()), null))
                .as("nor re-enrol")
                .isInstanceOf(Exception.class);
        assertThat(pki.serials("meter-d002")).hasSize(1);
        assertEveryCertificateRevoked("meter-d002");
    }

    @Test
    void reManufacturedDeviceEnrolsAgainAndKeepsItsProvenance() throws Exception {
        var first = manufactured("meter-d003", "SN-D003");
        X509Certificate firstCertificate = enrol(first, "meter-d003", DeviceKeys.p256());
        expect(api.post("/api/v1/devices/meter-d003/decommission", pki.token(), Map.of("reason", "refurbish")), 200);
        var second = manufactured("meter-d003", "SN-D003-R1");

        X509Certificate secondCertificate = enrol(second, "meter-d003", DeviceKeys.p256());

        secondCertificate.verify(pki.activeCaCertificate().getPublicKey());
        JsonNode device =
                expect(api.get("/api/v1/devices/meter-d003", pki.token()), 200).body();
        assertThat(device.path("state").asString()).isEqualTo("active");
        assertThat(device.path("decommissioning").path("reason").asString())
                .as("its last decommissioning is kept")
                .isEqualTo("refurbish");
        JsonNode entries = expect(api.get("/api/v1/devices/meter-d003/manifest-entries", pki.token()), 200)
                .body()
                .path("entries");
        assertThat(entries).hasSize(2);
        entries.forEach(entry -> assertThat(entry.path("usedAt").isNull()).isFalse());
        List<String> revoked = new ArrayList<>();
        List<String> valid = new ArrayList<>();
        certificates("meter-d003")
                .forEach(item -> (item.path("revokedAt").isNull() ? valid : revoked)
                        .add(item.path("serial").asString()));
        assertThat(revoked).containsExactly(firstCertificate.getSerialNumber().toString(16));
        assertThat(valid).containsExactly(secondCertificate.getSerialNumber().toString(16));
        assertThat(refusedEnrolment(first, "meter-d003"))
                .as("the first bootstrap certificate stays spent")
                .contains("provisioning.entry-used");
    }

    @Test
    void unknownDeviceIsNotFoundAndASecondDecommissioningIsAConflict() {
        pki.register("meter-d004");

        ApiResponse unknown = api.post("/api/v1/devices/no-such-meter/decommission", pki.token(), Map.of());
        ApiResponse first = api.post("/api/v1/devices/meter-d004/decommission", pki.token(), Map.of());
        ApiResponse second =
                api.post("/api/v1/devices/meter-d004/decommission", pki.token(), Map.of("reason", "once more"));

        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.code()).isEqualTo("identity.device.not-found");
        assertThat(first.status()).isEqualTo(200);
        assertThat(second.status()).as(second.rawBody()).isEqualTo(409);
        assertThat(second.code()).isEqualTo("identity.device.already-decommissioned");
        assertThat(pki.auditRecords("device.decommissioned")).hasSize(1);
        assertThat(expect(api.get("/api/v1/devices/meter-d004", pki.token()), 200)
                        .body()
                        .path("decommissioning")
                        .path("reason")
                        .asString())
                .as("the first decommissioning stands")
                .isEqualTo("none given");
    }

    @Test
    void anotherTenantCannotDecommissionTheDevice() {
        pki.register("meter-d005");
        var intruder = new TenantPki(api, newTenant());

        ApiResponse attempt = api.post("/api/v1/devices/meter-d005/decommission", intruder.token(), Map.of());

        assertThat(attempt.status()).isEqualTo(404);
        assertThat(pki.state("meter-d005")).isEqualTo("provisioned");
        assertThat(pki.auditRecords("device.decommissioned")).isEmpty();
    }

    private void assertEveryCertificateRevoked(String device) {
        List<JsonNode> certificates = certificates(device);
        assertThat(certificates).isNotEmpty();
        certificates.forEach(certificate ->
                assertThat(certificate.path("revocationReason").asString()).isEqualTo("cessation-of-operation"));
    }

    private List<JsonNode> certificates(String device) {
        List<JsonNode> items = new ArrayList<>();
        expect(api.get("/api/v1/devices/" + device + "/certificates?limit=500", pki.token()), 200)
                .body()
                .path("items")
                .forEach(items::add);
        return items;
    }

    private static JsonNode only(List<JsonNode> records, String action) {
        List<JsonNode> found = records.stream()
                .filter(record -> record.path("action").asString().equals(action))
                .toList();
        assertThat(found).as(action).hasSize(1);
        return found.getFirst();
    }

    private Manufacturing.Bootstrap manufactured(String device, String serial) throws Exception {
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
                "rev-b");
        expect(
                api.post(
                        "/api/v1/manufacturers/acme/manifests",
                        pki.token(),
                        Map.of("signedManifest", factory.sign(Manufacturing.manifest(List.of(entry))))),
                201);
        return bootstrap;
    }

    private X509Certificate enrol(Manufacturing.Bootstrap bootstrap, String device, KeyPair key) throws Exception {
        return EstClients.certificates(EstClients.est(devicePort(), pki.tenant().slug(), root, bootstrap.credential())
                        .simpleEnroll(false, DeviceKeys.request(device, key), null)
                        .getStore())
                .getFirst();
    }

    /** The device endpoint's refusal: 403, and the reason code in the body. */
    private String refusedEnrolment(Manufacturing.Bootstrap bootstrap, String device) {
        try {
            String csr = Base64.getEncoder()
                    .encodeToString(
                            DeviceKeys.request(device, DeviceKeys.p256()).getEncoded());
            var request = HttpRequest.newBuilder(URI.create("https://localhost:" + devicePort() + "/.well-known/est/"
                            + pki.tenant().slug() + "/simpleenroll"))
                    .header("Content-Type", "application/pkcs10")
                    .header("Content-Transfer-Encoding", "base64")
                    .POST(HttpRequest.BodyPublishers.ofString(csr, StandardCharsets.US_ASCII))
                    .build();
            try (var client = EstClients.http(root, bootstrap.credential())) {
                HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
                assertThat(response.statusCode()).as(response.body()).isEqualTo(403);
                return response.body();
            }
        } catch (IOException e) {
            throw new AssertionError("the enrolment failed without an answer", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static ApiResponse expect(ApiResponse response, int status) {
        assertThat(response.status()).as(response.rawBody()).isEqualTo(status);
        return response;
    }
}
