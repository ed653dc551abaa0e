package dev.palisade.ota;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient.Mqtt5Publishes;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import dev.palisade.identity.DeviceId;
import dev.palisade.ota.rollout.DeviceUpdateState;
import dev.palisade.ota.rollout.FreshEngine;
import dev.palisade.ota.rollout.RolloutEngine;
import dev.palisade.ota.rollout.RolloutId;
import dev.palisade.ota.rollout.internal.RolloutRepository;
import dev.palisade.shared.TenantId;
import dev.palisade.storage.TenantTransactions;
import dev.palisade.support.ApiResponse;
import dev.palisade.support.EstClients;
import dev.palisade.support.MqttClients;
import dev.palisade.support.TenantPki;
import dev.palisade.support.TestApi;
import dev.palisade.support.WithServer;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * Rollouts end to end: real devices over MQTT receive offers on their own topic and report on theirs; the engine is
 * driven with a clock the test moves, as the scheduler drives it with the real one.
 */
class RolloutIT extends WithServer {

    @Autowired
    RolloutEngine engine;

    @Autowired
    ApplicationContext context;

    @Autowired
    Clock clock;

    @Autowired
    TenantTransactions transactions;

    @Autowired
    RolloutRepository repository;

    private X509Certificate root;
    private TenantPki pki;
    private OtaClient ota;
    private String artifact;
    private final List<Device> devices = new ArrayList<>();

    @BeforeEach
    void fleetTenant() {
        root = EstClients.awaitDeviceEndpoint(devicePort(), DATA_DIR);
        pki = new TenantPki(api, newTenant());
        ota = new OtaClient(api, pki.token());
        artifact = ota.artifact("fw.img", OtaClient.content(1000));
    }

    @AfterEach
    void disconnect() {
        devices.forEach(Device::close);
        devices.clear();
    }

    @Test
    void canaryThatFailsRollsItsRingBackToThePreviousReleaseOnItsOwn() throws Exception {
        String previous =
                ota.published("m1", "r1", "1.0.0", "os", 3, artifact).path("id").asString();
        String release =
                ota.published("m1", "r1", "1.1.0", "os", 3, artifact).path("id").asString();
        List<Device> fleet = fleet(10, "m1");
        String rollout = create(release, List.of(10, 100), "PT1H", false, "rollback");

        engine.advance(tenant(), clock.instant());
        Device canary = canaryOf(fleet, release);
        canary.report(release, rollout, "failed", "boot loop");

        await().atMost(Duration.ofSeconds(10)).until(() -> !state(rollout).equals("running"));
        assertThat(state(rollout)).as(show(rollout).toString()).isEqualTo("rolling-back");
        assertThat(pki.auditRecords("ota.rollout-rolling-back")
                        .getFirst()
                        .path("details")
                        .path("devices")
                        .asString())
                .isEqualTo("1");
        assertThat(show(rollout)
                        .path("rings")
                        .get(0)
                        .path("counts")
                        .path("dispatched")
                        .asInt())
                .as("the canary was offered the previous release, not cancelled")
                .isEqualTo(1);
        JsonNode offerBack = canary.nextOffer();
        assertThat(offerBack.path("releaseId").asString()).isEqualTo(previous);
        assertThat(offerBack.path("target").asString()).isEqualTo("os/m1/r1/1.0.0");
        engine.advance(tenant(), clock.instant());
        assertThat(state(rollout))
                .as("no device has confirmed the previous release yet")
                .isEqualTo("rolling-back");

        canary.reportAndWait(previous, rollout, "good");
        engine.advance(tenant(), clock.instant());

        assertThat(state(rollout)).isEqualTo("rolled-back");
        JsonNode rolledBack =
                pki.auditRecords("ota.rollout-rolled-back").getFirst().path("details");
        assertThat(rolledBack.path("confirmed").asString()).isEqualTo("1");
        assertThat(rolledBack.path("unconfirmed").asString()).isEqualTo("0");
        JsonNode shown = show(rollout);
        assertThat(shown.path("rollbackReleaseId").asString()).isEqualTo(previous);
        assertThat(shown.path("rings").get(1).path("counts").path("cancelled").asInt())
                .isEqualTo(9);
        for (Device other : fleet) {
            if (other != canary) {
                assertThat(other.offers.receive(200, TimeUnit.MILLISECONDS)).isEmpty();
            }
        }
        assertThat(pki.auditRecords("ota.rollout-rolling-back")).hasSize(1);
    }

    @Test
    void bytesServedToADispatchedDeviceCountForItsRingOfTheRollout() throws Exception {
        byte[] image = OtaClient.content(3000);
        String release = ota.published("m7", "r1", "7.0.0", "os", 1, ota.artifact("fw7.img", image))
                .path("id")
                .asString();
        List<Device> fleet = fleet(2, "m7");
        String rollout = create(release, List.of(50, 100), "PT1H", false, "pause");

        engine.advance(tenant(), clock.instant());
        Device canary = canaryOf(fleet, release);
        Device waiting = fleet.get(fleet.get(0) == canary ? 1 : 0);
        String sha256 = OtaClient.sha256(image);
        int received = canary.download(sha256, "bytes=0-999") + canary.download(sha256, "bytes=1000-");
        int early = waiting.download(sha256, "bytes=0-99");

        assertThat(received).isEqualTo(3000);
        assertThat(early).isEqualTo(100);
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(show(rollout)
                                .path("rings")
                                .get(0)
                                .path("bytesServed")
                                .asLong())
                        .isEqualTo(3000));
        assertThat(show(rollout).path("rings").get(1).path("bytesServed").asLong())
                .as("a device that fetched the image before the rollout dispatched it")
                .isZero();
    }

    @Test
    void withdrawingTheReleaseAbortsItsRollout() throws Exception {
        String release =
                ota.published("m8", "r1", "8.0.0", "os", 1, artifact).path("id").asString();
        List<Device> fleet = fleet(2, "m8");
        String rollout = create(release, List.of(50, 100), "PT1H", false, "pause");
        engine.advance(tenant(), clock.instant());
        canaryOf(fleet, release);

        ApiResponse withdrawn =
                api.post("/api/v1/ota/releases/" + release + "/withdraw", pki.token(), Map.of("reason", "bad build"));

        assertThat(withdrawn.status()).as(withdrawn.rawBody()).isEqualTo(200);
        JsonNode shown = show(rollout);
        assertThat(shown.path("state").asString()).isEqualTo("aborted");
        assertThat(shown.path("reason").asString()).isEqualTo("release withdrawn: bad build");
        assertThat(shown.path("rings").get(1).path("counts").path("cancelled").asInt())
                .isEqualTo(1);
        engine.advance(tenant(), clock.instant().plus(Duration.ofHours(3)));
        for (Device device : fleet) {
            assertThat(device.offers.receive(200, TimeUnit.MILLISECONDS)).isEmpty();
        }
    }

    @Test
    void ringsPassOneByOneOnlyAfterTheirBakeTime() throws Exception {
        String release = ota.published("m2", "r1", "2.0.0", "application", 1, artifact)
                .path("id")
                .asString();
        List<Device> fleet = fleet(4, "m2");
        String rollout = create(release, List.of(25, 100), "PT1H", false, "pause");
        Instant start = clock.instant();

        engine.advance(tenant(), start);
        Device canary = canaryOf(fleet, release);
        canary.reportAndWait(release, rollout, "good");
        engine.advance(tenant(), start.plusSeconds(60));
        engine.advance(tenant(), start.plus(Duration.ofMinutes(50)));

        assertThat(show(rollout).path("currentRing").asInt()).as("still baking").isZero();
        for (Device device : fleet) {
            if (device != canary) {
                assertThat(device.offers.receive(200, TimeUnit.MILLISECONDS)).isEmpty();
            }
        }

        engine.advance(tenant(), start.plus(Duration.ofMinutes(62)));

        assertThat(show(rollout).path("currentRing").asInt()).isEqualTo(1);
        for (Device device : fleet) {
            if (device != canary) {
                assertThat(device.nextOffer().path("releaseId").asString()).isEqualTo(release);
                device.reportAndWait(release, rollout, "good");
            }
        }
        engine.advance(tenant(), start.plus(Duration.ofMinutes(63)));
        assertThat(state(rollout)).isEqualTo("running");
        engine.advance(tenant(), start.plus(Duration.ofMinutes(124)));
        assertThat(state(rollout)).isEqualTo("completed");
        assertThat(show(rollout)
                        .path("rings")
                        .get(1)
                        .path("counts")
                        .path("good")
                        .asInt())
                .isEqualTo(3);
    }

    @Test
    void nextRingNeedsASecondOperatorsApproval() throws Exception {
        String release =
                ota.published("m3", "r1", "3.0.0", "os", 1, artifact).path("id").asString();
        List<Device> fleet = fleet(2, "m3");
        String rollout = create(release, List.of(50, 100), "PT0S", true, "pause");
        engine.advance(tenant(), clock.instant());
        canaryOf(fleet, release).reportAndWait(release, rollout, "good");
        engine.advance(tenant(), clock.instant());
        assertThat(state(rollout)).isEqualTo("awaiting-approval");

        ApiResponse byCreator = api.call("POST", "/api/v1/ota/rollouts/" + rollout + "/approve", pki.token());
        String second = newOperator(pki.tenant(), "release-manager").token();
        ApiResponse bySecond = api.call("POST", "/api/v1/ota/rollouts/" + rollout + "/approve", second);

        assertThat(byCreator.status()).isEqualTo(403);
        assertThat(byCreator.code()).isEqualTo("ota.rollout.two-person-rule");
        assertThat(bySecond.status()).as(bySecond.rawBody()).isEqualTo(200);
        assertThat(bySecond.text("state")).isEqualTo("running");
        assertThat(bySecond.body().path("currentRing").asInt()).isEqualTo(1);
        engine.advance(tenant(), clock.instant());
        Device last = fleet.stream()
                .filter(device -> device.offered.isEmpty())
                .findFirst()
                .orElseThrow();
        assertThat(last.nextOffer().path("releaseId").asString()).isEqualTo(release);
    }

    @Test
    void aNewEngineOverTheSameDatabaseContinuesWhereTheOldOneStopped() throws Exception {
        String release =
                ota.published("m4", "r1", "4.0.0", "os", 1, artifact).path("id").asString();
        List<Device> fleet = fleet(3, "m4");
        String rollout = create(release, List.of(33, 100), "PT10M", false, "pause");
        Instant start = clock.instant();
        engine.advance(tenant(), start);
        Device canary = canaryOf(fleet, release);
        canary.reportAndWait(release, rollout, "good");
        engine.advance(tenant(), start.plusSeconds(1));

        RolloutEngine restarted = FreshEngine.over(context);
        restarted.advance(tenant(), start.plus(Duration.ofMinutes(11)));

        assertThat(show(rollout).path("currentRing").asInt()).isEqualTo(1);
        for (Device device : fleet) {
            if (device != canary) {
                assertThat(device.nextOffer().path("releaseId").asString()).isEqualTo(release);
            }
        }
        assertThat(canary.offers.receive(300, TimeUnit.MILLISECONDS))
                .as("the canary is not offered the update again")
                .isEmpty();
    }

    @Test
    void rollbackBelowTheAntiRollbackFloorIsRefusedAndTheRolloutPauses() throws Exception {
        ota.published("m5", "r1", "5.0.0", "os", 4, artifact);
        String release =
                ota.published("m5", "r1", "5.1.0", "os", 5, artifact).path("id").asString();
        List<Device> fleet = fleet(2, "m5");
        String rollout = create(release, List.of(50, 100), "PT1H", false, "rollback");
        engine.advance(tenant(), clock.instant());
        Device canary = canaryOf(fleet, release);

        canary.report(release, rollout, "failed", "crash");

        await().atMost(Duration.ofSeconds(10)).until(() -> state(rollout).equals("paused"));
        assertThat(show(rollout).path("reason").asString()).contains("anti-rollback floor 5");
        assertThat(canary.offers.receive(500, TimeUnit.MILLISECONDS)).isEmpty();
    }

    @Test
    void aReportRecordedAfterALaterStepDoesNotMoveTheDeviceBack() throws Exception {
        String release =
                ota.published("m9", "r1", "9.0.0", "os", 1, artifact).path("id").asString();
        List<Device> fleet = fleet(1, "m9");
        String rollout = create(release, List.of(100), "PT1H", false, "pause");
        engine.advance(tenant(), clock.instant());
        Device device = canaryOf(fleet, release);
        device.reportAndWait(release, rollout, "trial");
        String deviceId = device.id;

        // a device's reports are recorded concurrently: its "installing" may be written after its "trial"
        boolean late = transactions.inTenant(
                tenant(),
                () -> repository.report(
                        tenant(),
                        RolloutId.parse(rollout),
                        DeviceId.of(deviceId),
                        ReleaseId.parse(release),
                        DeviceUpdateState.INSTALLING,
                        null,
                        clock.instant()));

        assertThat(late).isFalse();
        assertThat(count(rollout, "trial")).isEqualTo(1);
        assertThat(count(rollout, "installing")).isZero();
        device.reportAndWait(release, rollout, "good");
    }

    @Test
    void anotherTenantNeitherSeesNorSteersTheRollout() {
        String release =
                ota.published("m6", "r1", "6.0.0", "os", 1, artifact).path("id").asString();
        fleet(1, "m6");
        String rollout = create(release, List.of(100), "PT0S", false, "pause");
        String theirs = newTenant().adminToken();

        assertThat(api.get("/api/v1/ota/rollouts/" + rollout, theirs).status()).isEqualTo(404);
        assertThat(api.call("POST", "/api/v1/ota/rollouts/" + rollout + "/abort", theirs)
                        .status())
                .isEqualTo(404);
        assertThat(api.get("/api/v1/ota/rollouts", theirs).body().path("items")).isEmpty();
        assertThat(state(rollout)).isEqualTo("running");
    }

    private String create(String release, List<Integer> rings, String bake, boolean approval, String onBreach) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("releaseId", release);
        body.put("group", "fleet");
        body.put("rings", rings);
        body.put("bakeTime", bake);
        body.put("approvalBetweenRings", approval);
        body.put("maxFailureRatio", 0.0);
        body.put("onBreach", onBreach);
        ApiResponse created = api.post("/api/v1/ota/rollouts", pki.token(), body);
        assertThat(created.status()).as(created.rawBody()).isEqualTo(201);
        return created.text("id");
    }

    private String state(String rollout) {
        return show(rollout).path("state").asString();
    }

    private JsonNode show(String rollout) {
        return api.get("/api/v1/ota/rollouts/" + rollout, pki.token()).body();
    }

    private TenantId tenant() {
        return new TenantId(UUID.fromString(pki.tenant().id()));
    }

    /** The one device of the fleet that was offered the release (the canary ring has one device in these tests). */
    private static Device canaryOf(List<Device> fleet, String release) throws Exception {
        for (Device device : fleet) {
            Optional<Mqtt5Publish> offer = device.offers.receive(100, TimeUnit.MILLISECONDS);
            if (offer.isPresent()) {
                device.offered.add(TestApi.JSON.readTree(offer.get().getPayloadAsBytes()));
                assertThat(device.offered.getFirst().path("releaseId").asString())
                        .isEqualTo(release);
                return device;
            }
        }
        // offers may still be on their way: look once more, a little longer
        for (Device device : fleet) {
            Optional<Mqtt5Publish> offer = device.offers.receive(2, TimeUnit.SECONDS);
            if (offer.isPresent()) {
                device.offered.add(TestApi.JSON.readTree(offer.get().getPayloadAsBytes()));
                return device;
            }
        }
        throw new AssertionError("no device was offered the update");
    }

    /** Devices of {@code model} hardware revision r1 in group "fleet", connected and subscribed to their offers. */
    private List<Device> fleet(int size, String model) {
        List<Device> fleet = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            String id = pki.newDevice("dev");
            ApiResponse labelled = api.patch(
                    "/api/v1/devices/" + id,
                    pki.token(),
                    Map.of("groups", List.of("fleet"), "attributes", Map.of("model", model, "hardwareRevision", "r1")));
            assertThat(labelled.status()).as(labelled.rawBody()).isEqualTo(200);
            fleet.add(new Device(id));
        }
        return fleet;
    }

    private int count(String rollout, String state) {
        int total = 0;
        for (JsonNode ring : show(rollout).path("rings")) {
            total += ring.path("counts").path(state).asInt();
        }
        return total;
    }

    /** A device with a live session, subscribed to its update offers. */
    private final class Device implements AutoCloseable {

        final String id;
        final EstClients.Credential credential;
        final Mqtt5BlockingClient client;
        final Mqtt5Publishes offers;
        final List<JsonNode> offered = new ArrayList<>();

        Device(String id) {
            this.id = id;
            this.credential = pki.issue(id, "device");
            this.client = MqttClients.client(mqttPort(), id, credential, root);
            MqttClients.connectOnceTrusted(client);
            this.offers = client.publishes(MqttGlobalPublishFilter.ALL);
            client.subscribeWith()
                    .topicFilter("devices/" + id + "/ota/update")
                    .qos(MqttQos.AT_LEAST_ONCE)
                    .send();
            devices.add(this);
        }

        /** Downloads {@code range} of the content {@code sha256} from the device endpoint; returns the bytes received. */
        int download(String sha256, String range) throws Exception {
            HttpResponse<byte[]> response = EstClients.http(root, credential)
                    .send(
                            HttpRequest.newBuilder(URI.create("https://localhost:" + devicePort()
                                            + "/device/v1/ota/blobs/sha256/" + sha256))
                                    .header("Range", range)
                                    .build(),
                            HttpResponse.BodyHandlers.ofByteArray());
            assertThat(response.statusCode()).isEqualTo(206);
            return response.body().length;
        }

        JsonNode nextOffer() throws Exception {
            Mqtt5Publish offer =
                    offers.receive(10, TimeUnit.SECONDS).orElseThrow(() -> new AssertionError("no offer to " + id));
            JsonNode parsed = TestApi.JSON.readTree(offer.getPayloadAsBytes());
            offered.add(parsed);
            return parsed;
        }

        void report(String release, String rollout, String state, String reason) {
            Map<String, Object> status = new LinkedHashMap<>();
            status.put("releaseId", release);
            status.put("rolloutId", rollout);
            status.put("state", state);
            status.put("reason", reason);
            status.put("at", Instant.EPOCH.toString());
            client.publishWith()
                    .topic("devices/" + id + "/ota/status")
                    .qos(MqttQos.AT_LEAST_ONCE)
                    .payload(TestApi.JSON.writeValueAsString(status).getBytes(StandardCharsets.UTF_8))
                    .send();
        }

        /** Reports {@code state} and waits until the rollout has recorded it. */
        void reportAndWait(String release, String rollout, String state) {
            int before = count(rollout, state);
            report(release, rollout, state, "");
            await().atMost(Duration.ofSeconds(10)).until(() -> count(rollout, state) > before);
        }

        @Override
        public void close() {
            try {
                offers.close();
                client.disconnect();
            } catch (RuntimeException ignored) {
                // already gone
            }
        }
    }
}
