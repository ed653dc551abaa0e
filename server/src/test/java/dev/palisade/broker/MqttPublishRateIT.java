package dev.palisade.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5ConnAckException;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5DisconnectException;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5PubAckException;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAckReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.disconnect.Mqtt5DisconnectReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PublishResult;
import com.hivemq.client.mqtt.mqtt5.message.publish.puback.Mqtt5PubAckReasonCode;
import dev.palisade.support.ApiResponse;
import dev.palisade.support.EstClients;
import dev.palisade.support.EstClients.Credential;
import dev.palisade.support.MqttClients;
import dev.palisade.support.OpenSsl;
import dev.palisade.support.TenantPki;
import dev.palisade.support.WithServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

/**
 * A device that publishes faster than its limit, with real clients: the HiveMQ MQTT client and mosquitto_pub. Over
 * the limit an MQTT 5 PUBLISH at QoS 1 is answered 0x97 "quota exceeded" ("message rate too high"), a device under
 * its limit is untouched, the refusals show in the device's figures and the episode in the audit log once, a policy
 * raised on the live session applies at once, and a device that keeps flooding is disconnected with 0x96 and held off.
 */
class MqttPublishRateIT extends WithServer {

    /** A policy with a publish limit; one message every 100 s refills the bucket, so that counts are exact. */
    private static final String LIMITED = """
            {"description": "slow meters",
             "publishLimit": {"messagesPerSecond": %s, "burst": %d},
             "statements": [
               {"effect": "Allow", "actions": ["connect"], "resources": ["${device.id}"]},
               {"effect": "Allow", "actions": ["publish"], "resources": ["devices/${device.id}/telemetry/#"]}]}""";

    private static final Pattern RATE_REFUSED = Pattern.compile("received PUBACK \\(Mid: \\d+, RC:151\\)");

    @TempDir
    Path files;

    private X509Certificate root;
    private TenantPki pki;

    @BeforeEach
    void tenant() {
        root = EstClients.awaitDeviceEndpoint(devicePort(), DATA_DIR);
        pki = new TenantPki(api, newTenant());
    }

    @Test
    void aFloodIsRefusedOverTheLimitWhileADeviceUnderItsLimitIsUnaffected() throws Exception {
        String flooding = pki.newDevice("meter");
        String steady = pki.newDevice("meter");
        limit(flooding, "0.01", 5);
        Mqtt5BlockingClient floodClient = connect(flooding);
        Mqtt5BlockingClient steadyClient = connect(steady);

        List<Optional<Throwable>> flood = publishAtOnce(floodClient, flooding, 30);
        List<Optional<Throwable>> normal = publishAtOnce(steadyClient, steady, 30);

        long accepted = flood.stream().filter(Optional::isEmpty).count();
        assertThat(accepted).as("the burst").isEqualTo(5);
        List<Throwable> refusals = flood.stream().flatMap(Optional::stream).toList();
        assertThat(refusals)
                .hasSize(30 - (int) accepted)
                .allSatisfy(refusal -> assertThat(refusal)
                        .isInstanceOfSatisfying(Mqtt5PubAckException.class, pubAck -> {
                            assertThat(pubAck.getMqttMessage().getReasonCode())
                                    .isEqualTo(Mqtt5PubAckReasonCode.QUOTA_EXCEEDED);
                            assertThat(pubAck.getMqttMessage().getReasonString().map(Object::toString))
                                    .contains("message rate too high");
                        }));
        assertThat(normal)
                .as("the default limit is far above 30 messages at once")
                .allMatch(Optional::isEmpty);
        assertThat(floodClient.getState().isConnected())
                .as("a short flood keeps its session")
                .isTrue();

        JsonNode floodFigures = metrics(flooding);
        assertThat(floodFigures.path("rateLimited").asLong()).isEqualTo(refusals.size());
        assertThat(floodFigures.path("rateLimitEpisodes").asLong()).isEqualTo(1);
        assertThat(floodFigures.path("messagesIn").asLong()).isEqualTo(accepted);
        assertThat(floodFigures.path("denied").path("publish").asLong())
                .as("no policy refusal")
                .isZero();
        assertThat(metrics(steady).path("rateLimited").asLong()).isZero();
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(pki.auditRecords("device.publish-rate.exceeded"))
                        .singleElement()
                        .satisfies(record -> {
                            assertThat(record.path("target").asString()).isEqualTo("device:" + flooding);
                            assertThat(record.path("outcome").asString()).isEqualTo("refused");
                            assertThat(record.path("details")
                                            .path("messagesPerSecond")
                                            .asString())
                                    .isEqualTo("0.01");
                            assertThat(record.path("details").path("burst").asString())
                                    .isEqualTo("5");
                        }));

        assertThat(savePolicy(String.format(Locale.ROOT, LIMITED, "1000", 100), Map.of("If-Match", "\"1\""))
                        .status())
                .isEqualTo(200);

        assertThat(publishAtOnce(floodClient, flooding, 30))
                .as("a policy raised applies to the live session at once")
                .allMatch(Optional::isEmpty);
        floodClient.disconnect();
        steadyClient.disconnect();
    }

    @ParameterizedTest
    @ValueSource(strings = {"mqttv5", "mqttv311"})
    void mosquittoPubOverTheLimitIsRefusedInMqtt5AndDroppedInMqtt311(String version) throws Exception {
        String device = pki.newDevice("meter");
        limit(device, "0.01", 3);
        MqttClients.writePem(pki.issue(device, "device"), files, "device");
        new OpenSsl(files).write("root.pem", MqttClients.pem("CERTIFICATE", root.getEncoded()));

        String output = mosquittoPub(version, device, "--repeat", "20", "-q", "1");

        long refused = RATE_REFUSED.matcher(output).results().count();
        long rateLimited = metrics(device).path("rateLimited").asLong();
        assertThat(rateLimited).as(output).isEqualTo(17);
        if (version.equals("mqttv5")) {
            assertThat(refused).as(output).isEqualTo(rateLimited);
        } else {
            // MQTT 3.1.1 has no negative PUBACK: the device is told nothing, but nothing over the limit goes through
            assertThat(refused).as(output).isZero();
            assertThat(output).contains("received PUBACK");
        }
        assertThat(metrics(device).path("messagesIn").asLong()).isEqualTo(3);
    }

    @Test
    void aDeviceThatKeepsFloodingIsDisconnectedWithMessageRateTooHighAndHeldOff() throws Exception {
        String device = pki.newDevice("meter");
        limit(device, "2", 2);
        Credential credential = pki.issue(device, "device");
        var cause = new AtomicReference<Optional<Throwable>>(Optional.empty());
        Mqtt5BlockingClient client = MqttClients.client(
                mqttPort(), device, credential, root, context -> cause.set(Optional.of(context.getCause())));
        MqttClients.connectOnceTrusted(client);

        // QoS 0: over the limit it is dropped without a word, until the broker has seen enough
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (client.getState().isConnected() && System.nanoTime() < deadline) {
            try {
                client.publishWith()
                        .topic("devices/" + device + "/telemetry/power")
                        .qos(MqttQos.AT_MOST_ONCE)
                        .payload(bytes("1"))
                        .send();
            } catch (RuntimeException disconnected) {
                break;
            }
            Thread.sleep(20);
        }

        await().atMost(Duration.ofSeconds(5)).until(() -> cause.get().isPresent());
        assertThat(cause.get().orElseThrow())
                .isInstanceOfSatisfying(
                        Mqtt5DisconnectException.class,
                        disconnect -> assertThat(disconnect.getMqttMessage().getReasonCode())
                                .isEqualTo(Mqtt5DisconnectReasonCode.MESSAGE_RATE_TOO_HIGH));
        Mqtt5BlockingClient again = MqttClients.client(mqttPort(), device, credential, root);
        assertThatThrownBy(again::connect)
                .isInstanceOfSatisfying(
                        Mqtt5ConnAckException.class,
                        refused -> assertThat(refused.getMqttMessage().getReasonCode())
                                .isEqualTo(Mqtt5ConnAckReasonCode.CONNECTION_RATE_EXCEEDED));
        JsonNode figures = metrics(device);
        assertThat(figures.path("rateLimitDisconnects").asLong()).isEqualTo(1);
        assertThat(figures.path("rateLimitEpisodes").asLong()).isEqualTo(1);
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(pki.auditRecords("device.publish-rate.disconnected"))
                        .singleElement()
                        .satisfies(record -> {
                            assertThat(record.path("target").asString()).isEqualTo("device:" + device);
                            assertThat(record.path("details")
                                            .path("overSeconds")
                                            .asLong())
                                    .isGreaterThanOrEqualTo(10);
                            assertThat(record.path("details")
                                            .path("heldOffSeconds")
                                            .asLong())
                                    .isEqualTo(30);
                        }));
        assertThat(pki.auditRecords("device.publish-rate.exceeded")).hasSize(1);
    }

    /** Publishes {@code count} QoS 1 messages without waiting between them; each one's failure, if it failed. */
    private static List<Optional<Throwable>> publishAtOnce(Mqtt5BlockingClient client, String device, int count) {
        Mqtt5AsyncClient async = client.toAsync();
        List<CompletableFuture<Mqtt5PublishResult>> sent = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            sent.add(async.publishWith()
                    .topic("devices/" + device + "/telemetry/power")
                    .qos(MqttQos.AT_LEAST_ONCE)
                    .payload(bytes("{\"power\":" + i + "}"))
                    .send());
        }
        List<Optional<Throwable>> outcomes = new ArrayList<>();
        for (CompletableFuture<Mqtt5PublishResult> result : sent) {
            try {
                outcomes.add(result.orTimeout(30, TimeUnit.SECONDS).join().getError());
            } catch (CompletionException e) {
                Throwable cause = e.getCause();
                outcomes.add(Optional.of(cause == null ? e : cause));
            }
        }
        return outcomes;
    }

    private void limit(String device, String messagesPerSecond, int burst) {
        ApiResponse saved = savePolicy(String.format(Locale.ROOT, LIMITED, messagesPerSecond, burst), Map.of());
        assertThat(saved.status()).as(saved.rawBody()).isEqualTo(201);
        assertThat(api.put("/api/v1/policies/limited/attachments/device/" + device, pki.token(), Map.of())
                        .status())
                .isBetween(200, 204);
    }

    private ApiResponse savePolicy(String document, Map<String, String> headers) {
        return api.putRaw("/api/v1/policies/limited", pki.token(), document, headers);
    }

    private Mqtt5BlockingClient connect(String device) {
        Mqtt5BlockingClient client = MqttClients.client(mqttPort(), device, pki.issue(device, "device"), root);
        MqttClients.connectOnceTrusted(client);
        return client;
    }

    private JsonNode metrics(String device) {
        return api.get("/api/v1/devices/" + device + "/mqtt-metrics", pki.token())
                .body();
    }

    private String mosquittoPub(String version, String device, String... rest) throws Exception {
        List<String> arguments = MqttClients.mosquitto("mosquitto_pub", mqttPort(), version, "device", device);
        arguments.addAll(List.of("-t", "devices/" + device + "/telemetry/power", "-m", "1"));
        arguments.addAll(List.of(rest));
        Path log = Files.createTempFile(files, "mosquitto_pub", ".log");
        Process process = new ProcessBuilder(arguments)
                .directory(files.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        boolean ended = process.waitFor(60, TimeUnit.SECONDS);
        if (!ended) {
            process.destroyForcibly();
        }
        String output = Files.readString(log);
        assertThat(ended).as("mosquitto_pub ended: " + output).isTrue();
        return output;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
