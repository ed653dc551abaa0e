package dev.palisade.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient.Mqtt5Publishes;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5PubAckException;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5SubAckException;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.Mqtt5Subscribe;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.suback.Mqtt5SubAck;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.suback.Mqtt5SubAckReasonCode;
import dev.palisade.shared.TenantId;
import dev.palisade.support.EstClients;
import dev.palisade.support.MqttClients;
import dev.palisade.support.TenantPki;
import dev.palisade.support.WithServer;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Connected devices may do exactly what their policy allows, in their tenant's own topic tree: their own commands,
 * telemetry and twin, nobody else's, no wildcard over other devices, no {@code $SYS}, no {@code $share} detour.
 */
class MqttPolicyIT extends WithServer {

    @Autowired
    EmbeddedBroker broker;

    private X509Certificate root;
    private TenantPki pki;

    @BeforeEach
    void brokerIsUp() {
        root = EstClients.awaitDeviceEndpoint(devicePort(), DATA_DIR);
        pki = new TenantPki(api, newTenant());
    }

    @Test
    void deviceReceivesItsCommandsAndTheSameNamedDeviceOfAnotherTenantDoesNot() throws Exception {
        String device = "meter-" + UUID.randomUUID().toString().substring(0, 8);
        var otherTenant = new TenantPki(api, newTenant());
        pki.register(device);
        otherTenant.register(device);
        Mqtt5BlockingClient ours = connect(pki, device);
        Mqtt5BlockingClient theirs = connect(otherTenant, device);
        String commands = "devices/" + device + "/commands/#";
        ours.subscribeWith().topicFilter(commands).qos(MqttQos.AT_LEAST_ONCE).send();
        theirs.subscribeWith().topicFilter(commands).qos(MqttQos.AT_LEAST_ONCE).send();
        try (Mqtt5Publishes oursReceive = ours.publishes(MqttGlobalPublishFilter.ALL);
                Mqtt5Publishes theirsReceive = theirs.publishes(MqttGlobalPublishFilter.ALL)) {

            var published = broker.publish(
                    tenantOf(pki), "devices/" + device + "/commands/reboot", "now".getBytes(StandardCharsets.UTF_8));

            // the publish completes once its subscribers have it: receive first
            Optional<Mqtt5Publish> received = oursReceive.receive(10, TimeUnit.SECONDS);
            published.get(10, TimeUnit.SECONDS);
            assertThat(received).isPresent();
            assertThat(received.get().getTopic().toString())
                    .as("the device sees its own view of the topic")
                    .isEqualTo("devices/" + device + "/commands/reboot");
            assertThat(new String(received.get().getPayloadAsBytes(), StandardCharsets.UTF_8))
                    .isEqualTo("now");
            assertThat(theirsReceive.receive(2, TimeUnit.SECONDS))
                    .as("another tenant's device of the same name")
                    .isEmpty();
        }
        ours.disconnect();
        theirs.disconnect();
    }

    @Test
    void deviceThatReconnectsOverItsOwnSessionKeepsItsPolicy() throws Exception {
        String device = pki.newDevice("meter");
        Mqtt5BlockingClient first = connect(pki, device);

        Mqtt5BlockingClient second = connect(pki, device);
        await().atMost(Duration.ofSeconds(10)).until(() -> !first.getState().isConnected());
        Thread.sleep(500); // the first connection's end is reported after the second began

        assertThat(broker.connected(tenantOf(pki), dev.palisade.identity.DeviceId.of(device)))
                .isPresent();
        assertThat(subscribe(second, "devices/" + device + "/commands/#")).isTrue();
        second.disconnect();
    }

    @Test
    void deviceMaySubscribeOnlyToItsOwnTopics() {
        String device = pki.newDevice("meter");
        String other = pki.newDevice("meter");
        Mqtt5BlockingClient client = connect(pki, device);

        assertThat(subscribe(client, "devices/" + device + "/commands/#")).isTrue();
        assertThat(subscribe(client, "$share/workers/devices/" + device + "/commands/#"))
                .isTrue();
        assertThat(subscribe(client, "devices/" + other + "/commands/#")).isFalse();
        assertThat(subscribe(client, "devices/+/commands/#")).isFalse();
        assertThat(subscribe(client, "#")).isFalse();
        assertThat(subscribe(client, "$SYS/#")).isFalse();
        assertThat(subscribe(client, "$share/workers/devices/" + other + "/commands/#"))
                .isFalse();
        assertThat(subscribe(client, "devices/" + device + "/telemetry"))
                .as("publish-only")
                .isFalse();
        client.disconnect();
    }

    @Test
    void devicePublishesItsTelemetryButNotToAnotherDevicesTopics() {
        String device = pki.newDevice("meter");
        String other = pki.newDevice("meter");
        Mqtt5BlockingClient client = connect(pki, device);

        client.publishWith()
                .topic("devices/" + device + "/telemetry")
                .qos(MqttQos.AT_LEAST_ONCE)
                .payload("21.5".getBytes(StandardCharsets.UTF_8))
                .send();

        assertThatThrownBy(() -> client.publishWith()
                        .topic("devices/" + other + "/telemetry")
                        .qos(MqttQos.AT_LEAST_ONCE)
                        .payload("forged".getBytes(StandardCharsets.UTF_8))
                        .send())
                .isInstanceOf(Mqtt5PubAckException.class);
        // the broker closes a connection after a refused PUBLISH: ask again on a new one
        Mqtt5BlockingClient again = connect(pki, device);
        assertThatThrownBy(() -> again.publishWith()
                        .topic("devices/" + device + "/commands/reboot")
                        .qos(MqttQos.AT_LEAST_ONCE)
                        .send())
                .as("a device does not command itself")
                .isInstanceOf(Mqtt5PubAckException.class);
    }

    private boolean subscribe(Mqtt5BlockingClient client, String filter) {
        try {
            Mqtt5SubAck ack = client.subscribe(Mqtt5Subscribe.builder()
                    .topicFilter(filter)
                    .qos(MqttQos.AT_LEAST_ONCE)
                    .build());
            return ack.getReasonCodes().stream().noneMatch(Mqtt5SubAckReasonCode::isError);
        } catch (Mqtt5SubAckException e) {
            return false;
        }
    }

    private Mqtt5BlockingClient connect(TenantPki tenant, String device) {
        Mqtt5BlockingClient client = MqttClients.client(mqttPort(), device, tenant.issue(device, "device"), root);
        MqttClients.connectOnceTrusted(client);
        return client;
    }

    private static TenantId tenantOf(TenantPki pki) {
        return new TenantId(UUID.fromString(pki.tenant().id()));
    }
}
