package dev.palisade.agent;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import dev.palisade.broker.EmbeddedBroker;
import dev.palisade.protocol.twin.DesiredState;
import dev.palisade.protocol.twin.ReportedState;
import dev.palisade.protocol.twin.TwinRequest;
import dev.palisade.protocol.twin.TwinResponse;
import dev.palisade.protocol.twin.TwinState;
import dev.palisade.shared.TenantId;
import dev.palisade.support.AgentProcess;
import dev.palisade.support.ApiResponse;
import dev.palisade.support.EstClients;
import dev.palisade.support.MqttClients;
import dev.palisade.support.TenantPki;
import dev.palisade.support.WithServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * {@code palisade-agent run} keeps the device's twin in step against the real broker. The test plays the server's
 * twin service, which does not exist yet: it publishes desired documents on the device's desired topic through the
 * server's own publishing path, answers the device's get requests the same way, and reads the reports with a client
 * whose policy lets it read the device's twin topics. The agent applies newer versions and reports them, ignores a
 * stale one, and after a restart reports what it kept and catches up with the desired state set while it was away.
 */
class AgentRunTwinIT extends WithServer {

    private static final TwinState ECO = TwinState.parse("{\"mode\":\"eco\",\"interval\":60}");
    private static final TwinState BOOST = TwinState.parse("{\"mode\":\"boost\"}");
    private static final TwinState NIGHT = TwinState.parse("{\"mode\":\"night\",\"leds\":[false,false]}");
    private static final TwinState AWAY = TwinState.parse("{\"mode\":\"away\"}");

    @Autowired
    EmbeddedBroker broker;

    @TempDir
    Path dir;

    @Test
    void aRunningDeviceAppliesNewerDesiredStatesIgnoresStaleOnesAndCatchesUpAfterARestart() throws Exception {
        X509Certificate root = EstClients.awaitDeviceEndpoint(devicePort(), DATA_DIR);
        var tenant = newTenant();
        var pki = new TenantPki(api, tenant);
        String device = pki.newDevice("meter");
        MqttClients.writePem(pki.issue(device, "device"), dir, "device");
        Files.writeString(dir.resolve("root.pem"), MqttClients.pem("CERTIFICATE", root.getEncoded()));
        Path twinFile = dir.resolve("twin.json");
        List<String> run = new ArrayList<>(List.of("run"));
        run.addAll(AgentProcess.endpoint(devicePort(), mqttPort(), dir.resolve("root.pem")));
        run.addAll(List.of(
                "--id",
                device,
                "--software-key",
                "--dir",
                dir.toString(),
                "--interval",
                "PT1S",
                "--twin-file",
                twinFile.toString()));

        try (var service = new TwinService(pki, device, root)) {
            AgentProcess first = AgentProcess.start(run);
            first.awaitLine(line -> line.equals("twin: asked for the desired state (version 0 applied)"));
            service.desire(new DesiredState(1, ECO));
            ReportedState afterFirst = service.nextReport();
            service.desire(new DesiredState(2, BOOST));
            ReportedState afterSecond = service.nextReport();
            service.publishStale(new DesiredState(1, TwinState.parse("{\"mode\":\"off\"}")));
            first.awaitLine(line -> line.startsWith("twin: ignored desired version 1"));
            service.desire(new DesiredState(3, NIGHT));
            ReportedState afterThird = service.nextReport();
            first.kill();
            // set while the device is away: the message reaches no one, only the answer to a get can bring it
            service.desire(new DesiredState(4, AWAY));
            AgentProcess restarted = AgentProcess.start(run);
            ReportedState keptReport = service.nextReport();
            ReportedState caughtUp = service.nextReport();
            restarted.awaitLine(line -> line.startsWith("twin: reported desired version 4: accepted"));
            restarted.kill();

            assertThat(afterFirst).isEqualTo(new ReportedState(1, ECO));
            assertThat(afterSecond).isEqualTo(new ReportedState(2, BOOST));
            assertThat(afterThird)
                    .as("the stale version 1 changed nothing; the next report is version 3's")
                    .isEqualTo(new ReportedState(3, NIGHT));
            assertThat(first.output())
                    .contains("twin: ignored desired version 1: version 2 is applied")
                    .doesNotContain("{\"mode\":\"off\"}");
            assertThat(keptReport)
                    .as("the restarted device reports what it kept first")
                    .isEqualTo(afterThird);
            assertThat(caughtUp).isEqualTo(new ReportedState(4, AWAY));
            assertThat(service.answeredGets()).as("each connection asked once").isEqualTo(2);
            assertThat(restarted.output())
                    .contains("twin: desired version 3 applied before this run")
                    .contains("twin: asked for the desired state (version 3 applied)")
                    .contains("twin: applied desired version 4: {\"mode\":\"away\"}")
                    .doesNotContain("applied desired version 3");
            assertThat(ReportedState.parse(Files.readAllBytes(twinFile))).isEqualTo(caughtUp);
        }
    }

    /**
     * The twin service's part, played by the test: it publishes desired documents through the broker's own publishing
     * path, answers get requests with the current one, and reads reports with a client allowed to read them.
     */
    private final class TwinService implements AutoCloseable {

        private final TenantId tenant;
        private final String device;
        private final Mqtt5BlockingClient reader;
        private final BlockingQueue<ReportedState> reports = new LinkedBlockingQueue<>();
        private final List<String> answered = new ArrayList<>();
        private volatile Optional<DesiredState> current = Optional.empty();

        TwinService(TenantPki pki, String device, X509Certificate root) throws Exception {
            this.tenant = new TenantId(UUID.fromString(pki.tenant().id()));
            this.device = device;
            String readerId = pki.newDevice("twin-reader");
            String policy = """
                    {"statements": [
                      {"effect": "Allow", "actions": ["connect"], "resources": ["${device.id}"]},
                      {"effect": "Allow", "actions": ["subscribe", "receive"],
                       "resources": ["devices/DEVICE/twin/reported", "devices/DEVICE/twin/get"]}]}""".replace("DEVICE", device);
            expectOk(api.putRaw("/api/v1/policies/twin-reader", pki.token(), policy, Map.of()));
            expectOk(api.put("/api/v1/policies/twin-reader/attachments/device/" + readerId, pki.token(), Map.of()));
            reader = MqttClients.client(mqttPort(), readerId, pki.issue(readerId, "device"), root);
            MqttClients.connectOnceTrusted(reader);
            reader.toAsync()
                    .subscribeWith()
                    .topicFilter(ReportedState.topic(device))
                    .qos(MqttQos.AT_LEAST_ONCE)
                    .callback(publish -> reports.add(ReportedState.parse(publish.getPayloadAsBytes())))
                    .send()
                    .get(30, SECONDS);
            reader.toAsync()
                    .subscribeWith()
                    .topicFilter(TwinRequest.topic(device))
                    .qos(MqttQos.AT_LEAST_ONCE)
                    .callback(this::answer)
                    .send()
                    .get(30, SECONDS);
        }

        /** A new desired state: current from now on, and published to the device. */
        void desire(DesiredState desired) throws Exception {
            current = Optional.of(desired);
            broker.publish(tenant, DesiredState.topic(device), desired.toBytes())
                    .get(30, SECONDS);
        }

        /** An old document published again, as a retained message or a slow duplicate would arrive. */
        void publishStale(DesiredState stale) throws Exception {
            broker.publish(tenant, DesiredState.topic(device), stale.toBytes()).get(30, SECONDS);
        }

        ReportedState nextReport() throws InterruptedException {
            ReportedState report = reports.poll(60, SECONDS);
            assertThat(report).as("a report from the device").isNotNull();
            return report;
        }

        int answeredGets() {
            synchronized (answered) {
                return answered.size();
            }
        }

        private void answer(Mqtt5Publish request) {
            String requestId = TwinRequest.parse(request.getPayloadAsBytes()).requestId();
            synchronized (answered) {
                answered.add(requestId);
            }
            broker.publish(tenant, TwinResponse.topic(device), new TwinResponse(requestId, current).toBytes());
        }

        @Override
        public void close() {
            reader.disconnect();
        }
    }

    private static void expectOk(ApiResponse response) {
        assertThat(response.status()).as(response.rawBody()).isBetween(200, 201);
    }
}
