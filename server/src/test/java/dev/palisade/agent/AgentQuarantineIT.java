package dev.palisade.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5PubAckException;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAck;
import dev.palisade.protocol.session.SessionSignals;
import dev.palisade.support.EstClients;
import dev.palisade.support.EstClients.Credential;
import dev.palisade.support.MqttClients;
import dev.palisade.support.TenantPki;
import dev.palisade.support.WithServer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A quarantined device as the agent lives it: told by the broker (a refused publish's reason string, or its CONNACK),
 * it stops its telemetry and closes its session instead of having message after message refused, checks back later,
 * and resumes once released.
 */
class AgentQuarantineIT extends WithServer {

    private static final byte[] READING = "{\"w\":230}".getBytes(StandardCharsets.UTF_8);

    @Test
    void aQuarantinedDeviceFallsSilentChecksBackAndResumesOnceReleased() throws Exception {
        var pki = new TenantPki(api, newTenant());
        String device = pki.newDevice("meter");
        Credential credential = pki.issue(device, "device");
        List<AgentState> states = new CopyOnWriteArrayList<>();
        List<String> said = new CopyOnWriteArrayList<>();
        try (var agent = agent(device, credential, states, said).checkBackAfterQuarantine(Duration.ofMillis(300))) {
            agent.connect().get(30, TimeUnit.SECONDS);
            assertThat(agent.publishTelemetry("power", READING).get(10, TimeUnit.SECONDS))
                    .isEqualTo(Outcome.ACCEPTED);

            quarantine(pki, device);
            Outcome refused = agent.publishTelemetry("power", READING).get(10, TimeUnit.SECONDS);

            assertThat(refused).isEqualTo(Outcome.REFUSED);
            await().atMost(Duration.ofSeconds(10)).until(() -> agent.state() == AgentState.QUARANTINED);
            await("the agent closed its session")
                    .atMost(Duration.ofSeconds(10))
                    .until(() -> api.get("/api/v1/devices/" + device + "/session", pki.token())
                                    .status()
                            == 404);
            long refusedBefore = refusedPublishes(pki, device);
            assertThat(agent.publishTelemetry("power", READING).get(10, TimeUnit.SECONDS))
                    .as("nothing is sent while quarantined")
                    .isEqualTo(Outcome.FAILED);

            await("two looks that find the device still quarantined: " + said)
                    .atMost(Duration.ofSeconds(30))
                    .until(() -> said.stream()
                                    .filter(why -> why.equals("the broker says the device is still quarantined"))
                                    .count()
                            >= 2);
            assertThat(agent.state()).isEqualTo(AgentState.QUARANTINED);

            assertThat(api.post("/api/v1/devices/" + device + "/release", pki.token(), Map.of())
                            .text("state"))
                    .isEqualTo("active");
            // looks come after at most 0.3, 0.6, 1.2, 2.4 ... s
            await().atMost(Duration.ofSeconds(60)).until(() -> agent.state() == AgentState.CONNECTED);
            assertThat(agent.publishTelemetry("power", READING).get(10, TimeUnit.SECONDS))
                    .isEqualTo(Outcome.ACCEPTED);
            assertThat(refusedPublishes(pki, device))
                    .as("the broker refused nothing more after the first refusal")
                    .isEqualTo(refusedBefore);
        }
        assertThat(states).containsSubsequence(AgentState.CONNECTED, AgentState.QUARANTINED, AgentState.CONNECTED);
    }

    @Test
    void aDeviceQuarantinedBeforeItConnectsIsToldAtConnackAndPublishesNothing() throws Exception {
        var pki = new TenantPki(api, newTenant());
        String device = pki.newDevice("meter");
        Credential credential = pki.issue(device, "device");
        quarantine(pki, device);
        List<AgentState> states = new CopyOnWriteArrayList<>();

        try (var agent = agent(device, credential, states, new CopyOnWriteArrayList<>())) {
            agent.connect().get(30, TimeUnit.SECONDS);

            await().atMost(Duration.ofSeconds(10)).until(() -> agent.state() == AgentState.QUARANTINED);
            assertThat(agent.publishTelemetry("power", READING).get(10, TimeUnit.SECONDS))
                    .isEqualTo(Outcome.FAILED);
        }
        assertThat(states).doesNotContain(AgentState.CONNECTED);
        assertThat(refusedPublishes(pki, device)).isZero();
    }

    @Test
    void anyMqtt5ClientSeesTheSignalsInTheConnackAndInTheRefusal() throws Exception {
        var pki = new TenantPki(api, newTenant());
        String device = pki.newDevice("meter");
        Credential credential = pki.issue(device, "device");
        quarantine(pki, device);
        Mqtt5BlockingClient client = MqttClients.client(mqttPort(), device, credential, EstClients.root(DATA_DIR));

        Mqtt5ConnAck connAck = client.connect();
        try {
            assertThat(connAck.getUserProperties().asList()).anySatisfy(property -> {
                assertThat(property.getName().toString()).isEqualTo(SessionSignals.SESSION_PROPERTY);
                assertThat(property.getValue().toString()).isEqualTo(SessionSignals.QUARANTINED);
            });
            var refusal = catchThrowableOfType(
                    Mqtt5PubAckException.class,
                    () -> client.publishWith()
                            .topic("devices/" + device + "/telemetry/power")
                            .qos(MqttQos.AT_LEAST_ONCE)
                            .payload(READING)
                            .send());
            assertThat(refusal.getMqttMessage().getReasonString().map(Object::toString))
                    .hasValue(SessionSignals.QUARANTINED);
        } finally {
            if (client.getState().isConnected()) { // the broker may end the session after the refusal
                client.disconnect();
            }
        }
    }

    private DeviceAgent agent(String device, Credential credential, List<AgentState> states, List<String> said) {
        var endpoints = new Endpoints("localhost", devicePort(), mqttPort(), EstClients.root(DATA_DIR));
        return new DeviceAgent(
                device,
                new DeviceCredential(credential.key(), credential.chain(), KeyOrigin.SOFTWARE),
                endpoints,
                (agent, state, why) -> {
                    states.add(state);
                    said.add(why);
                },
                () -> {},
                null);
    }

    private void quarantine(TenantPki pki, String device) {
        assertThat(api.post("/api/v1/devices/" + device + "/quarantine", pki.token(), Map.of("reason", "beaconing"))
                        .text("state"))
                .isEqualTo("quarantined");
    }

    /** Publishes the broker refused from this device, as the fleet's metrics count them. */
    private long refusedPublishes(TenantPki pki, String device) {
        return api.get("/api/v1/devices/" + device + "/mqtt-metrics", pki.token())
                .body()
                .path("denied")
                .path("publish")
                .asLong();
    }
}
