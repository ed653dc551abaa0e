package dev.palisade.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.palisade.shared.TenantId;
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
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The broker with clients nobody here wrote: mosquitto_sub and mosquitto_pub (Debian's mosquitto-clients, over
 * OpenSSL), in MQTT 3.1.1 and 5, with a device's Palisade-issued certificate. Its own topics work; other devices'
 * topics, {@code #}, {@code $SYS}, {@code $share} detours and client ids with MQTT special characters do not.
 */
class MosquittoClientsIT extends WithServer {

    @Autowired
    EmbeddedBroker broker;

    /** One device for the whole class: a tenant and its CA take seconds to make, and no test changes them. */
    @TempDir
    static Path files;

    private static @Nullable String sharedDevice;
    private static @Nullable TenantId sharedTenant;

    private String device = "";
    private TenantId tenant = new TenantId(new UUID(0, 0));

    @BeforeEach
    void deviceWithCertificateFiles() throws Exception {
        if (sharedDevice == null || sharedTenant == null) {
            makeDevice();
        }
        device = java.util.Objects.requireNonNull(sharedDevice);
        tenant = java.util.Objects.requireNonNull(sharedTenant);
    }

    private void makeDevice() throws Exception {
        X509Certificate root = EstClients.awaitDeviceEndpoint(devicePort(), DATA_DIR);
        var pki = new TenantPki(api, newTenant());
        String device = pki.newDevice("meter");
        Credential credential = pki.issue(device, "device");
        MqttClients.connectOnceTrusted(MqttClients.client(mqttPort(), device, credential, root));
        MqttClients.writePem(credential, files, "device");
        new OpenSsl(files).write("root.pem", MqttClients.pem("CERTIFICATE", root.getEncoded()));
        sharedTenant = new TenantId(UUID.fromString(pki.tenant().id()));
        sharedDevice = device;
    }

    @ParameterizedTest
    @ValueSource(strings = {"mqttv311", "mqttv5"})
    void subscriberReceivesItsOwnCommands(String version) throws Exception {
        Client subscriber = start(
                "mosquitto_sub", version, device, "-t", "devices/" + device + "/commands/#", "-C", "1", "-W", "20");

        // the subscription exists once the broker lists it; then a command reaches it
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            broker.publish(tenant(), "devices/" + device + "/commands/reboot", "now".getBytes(StandardCharsets.UTF_8))
                    .get(5, TimeUnit.SECONDS);
            assertThat(subscriber.process().isAlive()).isFalse();
        });
        String output = finish(subscriber);
        assertThat(subscriber.process().exitValue()).as(output).isZero();
        assertThat(output).contains("now");
    }

    @ParameterizedTest
    @ValueSource(strings = {"#", "devices/+/commands/#", "$SYS/#", "$share/g/devices/other/commands/#"})
    void forbiddenSubscriptionsAreDenied(String filter) throws Exception {
        String output = finish(start("mosquitto_sub", "mqttv5", device, "-t", filter, "-C", "1", "-W", "10"));

        assertThat(output).contains("All subscription requests were denied");
    }

    @Test
    void publishingToItsOwnTelemetryWorksAndToAnotherDevicesIsRefused() throws Exception {
        String own = finish(start(
                "mosquitto_pub", "mqttv5", device, "-q", "1", "-t", "devices/" + device + "/telemetry/t", "-m", "1"));
        String other = finish(
                start("mosquitto_pub", "mqttv5", device, "-q", "1", "-t", "devices/other/telemetry/t", "-m", "forged"));

        assertThat(own).contains("received PUBACK").doesNotContain("Not authorized");
        assertThat(other.toLowerCase(java.util.Locale.ROOT)).contains("not authorized");
    }

    @ParameterizedTest
    @ValueSource(strings = {"meter+1", "meter/1", "meter#", "+", "#"})
    void clientIdsWithSpecialCharactersOrNotTheDevicesAreRefused(String clientId) throws Exception {
        String output =
                finish(start("mosquitto_pub", "mqttv5", clientId, "-t", "devices/" + device + "/telemetry", "-m", "1"));

        assertThat(output).contains("received CONNACK (135)"); // 0x87, not authorized
    }

    /** A running client and the file its output goes to (read once it ended; a pipe could fill and stall it). */
    private record Client(Process process, Path log) {}

    private Client start(String command, String version, String clientId, String... rest) throws Exception {
        List<String> arguments = MqttClients.mosquitto(command, mqttPort(), version, "device", clientId);
        arguments.addAll(List.of(rest));
        Path log = Files.createTempFile(files, command, ".log");
        Process process = new ProcessBuilder(arguments)
                .directory(files.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        return new Client(process, log);
    }

    private String finish(Client client) throws Exception {
        boolean ended = client.process().waitFor(60, TimeUnit.SECONDS);
        if (!ended) {
            client.process().destroyForcibly();
        }
        String output = Files.readString(client.log());
        assertThat(ended).as("the client ended").isTrue();
        return output;
    }

    private TenantId tenant() {
        return tenant;
    }
}
