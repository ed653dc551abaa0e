package dev.palisade.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient.Mqtt5Publishes;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5ConnAckException;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5DisconnectException;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5PubAckException;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5SubAckException;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAckReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.disconnect.Mqtt5DisconnectReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.Mqtt5Subscribe;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.suback.Mqtt5SubAckReasonCode;
import dev.palisade.shared.TenantId;
import dev.palisade.support.ApiResponse;
import dev.palisade.support.EstClients;
import dev.palisade.support.EstClients.Credential;
import dev.palisade.support.MqttClients;
import dev.palisade.support.TenantPki;
import dev.palisade.support.WithServer;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * A change of what a device may do reaches its live session when the API call returns: quarantine holds it to its
 * remediation topics, a policy attached to its group or edited applies at once (subscriptions it no longer allows are
 * removed, deliveries stop), a policy that no longer lets it connect closes the session as "not authorized".
 */
class MqttLiveEnforcementIT extends WithServer {

    private static final String BROADCAST_POLICY = """
            {"description": "Meters: telemetry, group broadcasts",
             "statements": [
               {"effect": "Allow", "actions": ["connect"], "resources": ["${device.id}"]},
               {"effect": "Allow", "actions": ["publish"], "resources": ["devices/${device.id}/telemetry/#"]},
               {"effect": "Allow", "actions": ["subscribe", "receive"],
                "resources": ["groups/${device.group}/broadcast/#"]}]}""";

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
    void quarantineHoldsTheLiveSessionToRemediationAndReleaseLetsItBack() throws Exception {
        String device = pki.newDevice("meter");
        Credential credential = pki.issue(device, "device");
        Mqtt5BlockingClient client = connect(device, credential);
        assertThat(subscribe(client, own(device, "commands/#"))).isTrue();
        assertThat(subscribe(client, own(device, "remediation/#"))).isFalse();

        ApiResponse quarantined =
                api.post("/api/v1/devices/" + device + "/quarantine", pki.token(), Map.of("reason", "beaconing"));

        assertThat(quarantined.status()).isEqualTo(200);
        assertThat(quarantined.text("state")).isEqualTo("quarantined");
        assertThat(client.getState().isConnected())
                .as("quarantine keeps the session")
                .isTrue();
        JsonNode session =
                api.get("/api/v1/devices/" + device + "/session", pki.token()).body();
        assertThat(session.path("quarantined").asBoolean()).isTrue();
        assertThat(session.path("policies").get(0).asString()).isEqualTo("built-in:quarantine");
        try (Mqtt5Publishes received = client.publishes(MqttGlobalPublishFilter.ALL)) {
            broker.publish(tenant(), own(device, "commands/reboot"), bytes("now"))
                    .get(10, TimeUnit.SECONDS);
            assertThat(received.receive(2, TimeUnit.SECONDS))
                    .as("a command to a quarantined device, through the subscription made before")
                    .isEmpty();
            assertThat(subscribe(client, own(device, "remediation/#"))).isTrue();
            broker.publish(tenant(), own(device, "remediation/update"), bytes("firmware 2.1"));
            assertThat(received.receive(10, TimeUnit.SECONDS))
                    .hasValueSatisfying(publish ->
                            assertThat(publish.getTopic().toString()).isEqualTo(own(device, "remediation/update")));
        }
        assertThat(subscribe(client, own(device, "commands/#"))).isFalse();
        assertThatThrownBy(() -> client.publishWith()
                        .topic(own(device, "telemetry/power"))
                        .qos(MqttQos.AT_LEAST_ONCE)
                        .payload(bytes("1"))
                        .send())
                .isInstanceOf(Mqtt5PubAckException.class);
        assertThat(pki.auditRecords("device.quarantined")).hasSize(1);

        assertThat(api.post("/api/v1/devices/" + device + "/release", pki.token(), Map.of())
                        .text("state"))
                .isEqualTo("active");
        Mqtt5BlockingClient again = connect(device, credential);
        assertThat(subscribe(again, own(device, "commands/#"))).isTrue();
        assertThat(subscribe(again, own(device, "remediation/#"))).isFalse();
        again.disconnect();
    }

    @Test
    void policyAttachedToAGroupReachesTheLiveSessionsOfItsMembers() throws Exception {
        String device = pki.newDevice("meter");
        Mqtt5BlockingClient client = connect(device, pki.issue(device, "device"));
        assertThat(subscribe(client, own(device, "commands/#"))).isTrue();
        assertThat(subscribe(client, "groups/meters/broadcast/#")).isFalse();
        assertThat(savePolicy("meters", BROADCAST_POLICY, Map.of()).status()).isEqualTo(201);
        assertThat(api.put("/api/v1/policies/meters/attachments/group/meters", pki.token(), Map.of())
                        .status())
                .isEqualTo(201);

        ApiResponse relabelled =
                api.patch("/api/v1/devices/" + device, pki.token(), Map.of("groups", List.of("meters")));

        assertThat(relabelled.status()).isEqualTo(200);
        JsonNode session =
                api.get("/api/v1/devices/" + device + "/session", pki.token()).body();
        assertThat(session.path("policies").get(0).asString()).isEqualTo("meters@1");
        try (Mqtt5Publishes received = client.publishes(MqttGlobalPublishFilter.ALL)) {
            broker.publish(tenant(), own(device, "commands/reboot"), bytes("now"))
                    .get(10, TimeUnit.SECONDS);
            assertThat(received.receive(2, TimeUnit.SECONDS))
                    .as("commands are not in the group's policy")
                    .isEmpty();
            assertThat(subscribe(client, "groups/meters/broadcast/#")).isTrue();
            assertThat(subscribe(client, "groups/sensors/broadcast/#")).isFalse();
            broker.publish(tenant(), "groups/meters/broadcast/tariff", bytes("night"));
            assertThat(received.receive(10, TimeUnit.SECONDS))
                    .hasValueSatisfying(publish ->
                            assertThat(publish.getTopic().toString()).isEqualTo("groups/meters/broadcast/tariff"));
        }
        await().atMost(Duration.ofSeconds(5))
                .untilAsserted(() ->
                        assertThat(subscribe(client, own(device, "commands/#"))).isFalse());
        client.disconnect();
    }

    @Test
    void policyThatNoLongerAllowsConnectingClosesTheSessionAsNotAuthorized() {
        String device = pki.newDevice("meter");
        Credential credential = pki.issue(device, "device");
        assertThat(savePolicy("single", BROADCAST_POLICY, Map.of()).status()).isEqualTo(201);
        api.put("/api/v1/policies/single/attachments/device/" + device, pki.token(), Map.of());
        var cause = new AtomicReference<Optional<Throwable>>(Optional.empty());
        Mqtt5BlockingClient client = MqttClients.client(
                mqttPort(), device, credential, root, context -> cause.set(Optional.of(context.getCause())));
        MqttClients.connectOnceTrusted(client);
        cause.set(Optional.empty());

        ApiResponse saved = savePolicy("single", """
                {"statements": [{"effect": "Allow", "actions": ["publish"],
                                 "resources": ["devices/${device.id}/telemetry/#"]}]}""", Map.of("If-Match", "\"1\""));

        assertThat(saved.status()).isEqualTo(200);
        assertThat(saved.body().path("policy").path("version").asInt()).isEqualTo(2);
        await().atMost(Duration.ofSeconds(5)).until(() -> !client.getState().isConnected());
        assertThat(cause.get().orElseThrow())
                .isInstanceOfSatisfying(
                        Mqtt5DisconnectException.class,
                        e -> assertThat(e.getMqttMessage().getReasonCode())
                                .isEqualTo(Mqtt5DisconnectReasonCode.NOT_AUTHORIZED));
        assertThatThrownBy(() ->
                        MqttClients.client(mqttPort(), device, credential, root).connect())
                .isInstanceOfSatisfying(
                        Mqtt5ConnAckException.class,
                        e -> assertThat(e.getMqttMessage().getReasonCode())
                                .isEqualTo(Mqtt5ConnAckReasonCode.NOT_AUTHORIZED));
        JsonNode versions =
                api.get("/api/v1/policies/single/versions", pki.token()).body().path("versions");
        assertThat(versions).hasSize(2);
    }

    @Test
    void sessionRegistryShowsWhoIsConnectedAndAnOperatorCanDisconnect() throws Exception {
        String device = pki.newDevice("meter");
        Credential credential = pki.issue(device, "device");
        var cause = new AtomicReference<Optional<Throwable>>(Optional.empty());
        Mqtt5BlockingClient client = MqttClients.client(
                mqttPort(), device, credential, root, context -> cause.set(Optional.of(context.getCause())));
        MqttClients.connectOnceTrusted(client);
        for (int i = 0; i < 3; i++) {
            client.publishWith()
                    .topic(own(device, "telemetry/power"))
                    .qos(MqttQos.AT_LEAST_ONCE)
                    .payload(bytes("12.5"))
                    .send();
        }
        assertThat(subscribe(client, "devices/another/commands/#")).isFalse();

        JsonNode listed = api.get("/api/v1/sessions", pki.token()).body().path("sessions");
        assertThat(listed).hasSize(1);
        JsonNode session = listed.get(0);
        assertThat(session.path("deviceId").asString()).isEqualTo(device);
        assertThat(session.path("certificateSerial").asString())
                .isEqualTo(credential.chain().getFirst().getSerialNumber().toString(16));
        assertThat(session.path("address").asString()).isEqualTo("127.0.0.1");
        assertThat(session.path("policies").get(0).asString()).isEqualTo("built-in:device");
        JsonNode metrics = api.get("/api/v1/devices/" + device + "/mqtt-metrics", pki.token())
                .body();
        assertThat(metrics.path("messagesIn").asLong()).isEqualTo(3);
        assertThat(metrics.path("bytesIn").asLong()).isEqualTo(12);
        assertThat(metrics.path("topics").get(0).asString()).isEqualTo(own(device, "telemetry/power"));
        assertThat(metrics.path("denied").path("subscribe").asLong()).isEqualTo(1);
        assertThat(metrics.path("addresses").get(0).asString()).isEqualTo("127.0.0.1");

        ApiResponse scraped = api.get("/api/v1/metrics", platformToken);
        assertThat(scraped.status()).isEqualTo(200);
        assertThat(scraped.rawBody())
                .contains("palisade_broker_sessions ")
                .contains("palisade_broker_messages_in_total ")
                .contains("palisade_broker_authorization_denials_total{action=\"subscribe\"}")
                .as("aggregates only: no device and no tenant in any series")
                .doesNotContain(device)
                .doesNotContain(pki.tenant().id());
        assertThat(api.get("/api/v1/metrics", pki.token()).status())
                .as("a tenant's administrator does not see the whole platform's figures")
                .isEqualTo(403);

        ApiResponse disconnected =
                api.call("DELETE", "/api/v1/devices/" + device + "/session?reason=maintenance", pki.token());

        assertThat(disconnected.status()).isEqualTo(204);
        await().atMost(Duration.ofSeconds(5)).until(() -> !client.getState().isConnected());
        assertThat(cause.get().orElseThrow()).isInstanceOf(Mqtt5DisconnectException.class);
        assertThat(api.get("/api/v1/devices/" + device + "/session", pki.token())
                        .status())
                .isEqualTo(404);
        assertThat(api.get("/api/v1/sessions", pki.token()).body().path("sessions"))
                .isEmpty();
        assertThat(api.get("/api/v1/devices/" + device + "/mqtt-metrics", pki.token())
                        .body()
                        .path("disconnects")
                        .asLong())
                .isEqualTo(1);
        assertThat(pki.auditRecords("device.disconnected")).hasSize(1);
        assertThat(api.call("DELETE", "/api/v1/devices/" + device + "/session", pki.token())
                        .code())
                .isEqualTo("broker.session.not-found");
    }

    private ApiResponse savePolicy(String name, String document, Map<String, String> headers) {
        return api.putRaw("/api/v1/policies/" + name, pki.token(), document, headers);
    }

    private Mqtt5BlockingClient connect(String device, Credential credential) {
        Mqtt5BlockingClient client = MqttClients.client(mqttPort(), device, credential, root);
        MqttClients.connectOnceTrusted(client);
        return client;
    }

    private static boolean subscribe(Mqtt5BlockingClient client, String filter) {
        try {
            return client
                    .subscribe(Mqtt5Subscribe.builder()
                            .topicFilter(filter)
                            .qos(MqttQos.AT_LEAST_ONCE)
                            .build())
                    .getReasonCodes()
                    .stream()
                    .noneMatch(Mqtt5SubAckReasonCode::isError);
        } catch (Mqtt5SubAckException e) {
            return false;
        }
    }

    private static String own(String device, String rest) {
        return "devices/" + device + "/" + rest;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private TenantId tenant() {
        return new TenantId(UUID.fromString(pki.tenant().id()));
    }
}
