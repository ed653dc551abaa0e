package dev.palisade.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5ConnAckException;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5DisconnectException;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAckReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.disconnect.Mqtt5DisconnectReasonCode;
import dev.palisade.identity.DeviceId;
import dev.palisade.shared.TenantId;
import dev.palisade.support.EstClients;
import dev.palisade.support.EstClients.Credential;
import dev.palisade.support.MqttClients;
import dev.palisade.support.OpenSsl;
import dev.palisade.support.TenantPki;
import dev.palisade.support.WithServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Devices connect to the embedded broker over TLS 1.3 with the certificates Palisade issued them, with the HiveMQ MQTT
 * client library, Mosquitto's clients and openssl; everything that is not a trusted device certificate whose device
 * id is the client id is refused.
 */
class MqttConnectIT extends WithServer {

    @Autowired
    EmbeddedBroker broker;

    @TempDir
    Path files;

    private X509Certificate root;
    private TenantPki pki;

    @BeforeEach
    void brokerIsUp() {
        root = EstClients.awaitDeviceEndpoint(devicePort(), DATA_DIR);
        pki = new TenantPki(api, newTenant());
    }

    @Test
    void deviceWithItsCertificateConnectsAndIsListedWithIt() {
        String device = pki.newDevice("meter");
        Credential credential = pki.issue(device, "device");

        Mqtt5BlockingClient client = connectWhenTheBrokerTrustsTheEndpoint(device, credential);

        ConnectedDevice connected =
                broker.connected(tenant(), DeviceId.of(device)).orElseThrow();
        assertThat(connected.identity().device().value()).isEqualTo(device);
        assertThat(connected.identity().tenant().value().toString())
                .isEqualTo(pki.tenant().id());
        assertThat(connected.identity().serial())
                .isEqualTo(credential.chain().getFirst().getSerialNumber());
        assertThat(connected.address()).isEqualTo("127.0.0.1");
        client.disconnect();
        await().atMost(Duration.ofSeconds(10))
                .until(() -> broker.connected(tenant(), DeviceId.of(device)).isEmpty());
    }

    @Test
    void devicesOfTheSameNameInTwoTenantsKeepTheirOwnSessions() {
        String device = "meter-" + UUID.randomUUID().toString().substring(0, 8);
        var otherTenant = new TenantPki(api, newTenant());
        pki.register(device);
        otherTenant.register(device);
        Mqtt5BlockingClient ours = connectWhenTheBrokerTrustsTheEndpoint(device, pki.issue(device, "device"));

        Mqtt5BlockingClient theirs = connectWhenTheBrokerTrustsTheEndpoint(device, otherTenant.issue(device, "device"));

        assertThat(ours.getState().isConnected())
                .as("no takeover across tenants")
                .isTrue();
        assertThat(theirs.getState().isConnected()).isTrue();
        assertThat(broker.connected(tenant(), DeviceId.of(device))).isPresent();
        assertThat(broker.connected(
                        new TenantId(UUID.fromString(otherTenant.tenant().id())), DeviceId.of(device)))
                .isPresent();
        ours.disconnect();
        theirs.disconnect();
    }

    @Test
    void clientIdOtherThanTheCertificatesDeviceIdIsRefused() {
        String device = pki.newDevice("meter");
        String other = pki.newDevice("meter");
        Credential credential = pki.issue(device, "device");
        connectWhenTheBrokerTrustsTheEndpoint(device, credential).disconnect();

        assertRefused(MqttClients.client(mqttPort(), other, credential, root));
        assertThat(broker.connected(tenant(), DeviceId.of(other))).isEmpty();
    }

    @Test
    void bootstrapCertificateMayNotConnect() {
        String device = pki.newDevice("meter");
        Credential bootstrap = pki.issue(device, "bootstrap");
        String working = pki.newDevice("meter");
        connectWhenTheBrokerTrustsTheEndpoint(working, pki.issue(working, "device"))
                .disconnect();

        assertRefused(MqttClients.client(mqttPort(), device, bootstrap, root));
    }

    @Test
    void revokedCertificateIsRefused() {
        String device = pki.newDevice("meter");
        Credential credential = pki.issue(device, "device");
        connectWhenTheBrokerTrustsTheEndpoint(device, credential).disconnect();

        pki.revoke(device, credential.chain().getFirst());

        assertRefused(MqttClients.client(mqttPort(), device, credential, root));
    }

    @Test
    void revokedDeviceIsCutWhileConnectedAsNotAuthorizedAndRefusedOnReconnect() {
        String device = pki.newDevice("meter");
        Credential credential = pki.issue(device, "device");
        var cause = new AtomicReference<Optional<Throwable>>(Optional.empty());
        Mqtt5BlockingClient client = MqttClients.client(
                mqttPort(), device, credential, root, context -> cause.set(Optional.of(context.getCause())));
        MqttClients.connectOnceTrusted(client);
        cause.set(Optional.empty());

        pki.revoke(device, credential.chain().getFirst());

        await().atMost(Duration.ofSeconds(5)).until(() -> !client.getState().isConnected());
        assertThat(cause.get().orElseThrow())
                .isInstanceOfSatisfying(
                        Mqtt5DisconnectException.class,
                        e -> assertThat(e.getMqttMessage().getReasonCode())
                                .isEqualTo(Mqtt5DisconnectReasonCode.NOT_AUTHORIZED));
        assertThat(broker.connected(tenant(), DeviceId.of(device))).isEmpty();
        assertRefused(MqttClients.client(mqttPort(), device, credential, root));
    }

    @Test
    void mosquittoClientsConnectWithTheDeviceCertificateAndOnlyUnderItsDeviceId() throws Exception {
        String device = pki.newDevice("meter");
        Credential credential = pki.issue(device, "device");
        connectWhenTheBrokerTrustsTheEndpoint(device, credential).disconnect();
        MqttClients.writePem(credential, files, "device");
        new OpenSsl(files).write("root.pem", MqttClients.pem("CERTIFICATE", root.getEncoded()));

        String accepted = mosquittoPublish(device);
        String refused = mosquittoPublish(pki.newDevice("meter"));

        assertThat(accepted).contains("received CONNACK (0)");
        assertThat(refused).contains("received CONNACK (135)"); // 0x87, not authorized
    }

    private String mosquittoPublish(String clientId) throws Exception {
        Process publish = new ProcessBuilder(
                        "mosquitto_pub",
                        "-d",
                        "-h",
                        "localhost",
                        "-p",
                        Integer.toString(mqttPort()),
                        "-V",
                        "mqttv5",
                        "--cafile",
                        "root.pem",
                        "--cert",
                        "device.pem",
                        "--key",
                        "device.key",
                        "--tls-version",
                        "tlsv1.3",
                        "-i",
                        clientId,
                        "-t",
                        "devices/" + clientId + "/telemetry",
                        "-m",
                        "21.5")
                .directory(files.toFile())
                .redirectErrorStream(true)
                .start();
        String output = new String(publish.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(publish.waitFor(30, TimeUnit.SECONDS)).as(output).isTrue();
        return output;
    }

    @Test
    void tls12AndConnectionsWithoutACertificateAreRefusedByTheTlsLayer() throws Exception {
        String device = pki.newDevice("meter");
        Credential credential = pki.issue(device, "device");
        connectWhenTheBrokerTrustsTheEndpoint(device, credential).disconnect();
        MqttClients.writePem(credential, files, "device");
        var openssl = new OpenSsl(files);
        openssl.write("root.pem", MqttClients.pem("CERTIFICATE", root.getEncoded()));
        String server = "localhost:" + mqttPort();

        OpenSsl.Result tls12 = sClient(openssl, server, "-tls1_2", "-cert", "device.pem", "-key", "device.key");
        OpenSsl.Result noCertificate = sClient(openssl, server, "-tls1_3", "-ign_eof");
        OpenSsl.Result withCertificate =
                sClient(openssl, server, "-tls1_3", "-cert", "device.pem", "-key", "device.key");

        assertThat(tls12.exitCode()).as(tls12.output()).isNotZero();
        assertThat(tls12.output()).containsIgnoringCase("alert");
        assertThat(noCertificate.output())
                .as("TLS 1.3 reports the missing certificate after the handshake")
                .containsIgnoringCase("certificate required");
        assertThat(withCertificate.output())
                .contains("Protocol version: TLSv1.3")
                .contains("Verification: OK");
    }

    private static OpenSsl.Result sClient(OpenSsl openssl, String server, String... options) throws Exception {
        var arguments =
                new java.util.ArrayList<>(List.of("s_client", "-connect", server, "-CAfile", "root.pem", "-brief"));
        arguments.addAll(List.of(options));
        return openssl.run(arguments.toArray(String[]::new));
    }

    /**
     * The broker re-reads its TLS files every ten seconds: on the first test after a first start, the endpoint's real
     * certificate may be moments old.
     */
    private Mqtt5BlockingClient connectWhenTheBrokerTrustsTheEndpoint(String device, Credential credential) {
        Mqtt5BlockingClient client = MqttClients.client(mqttPort(), device, credential, root);
        MqttClients.connectOnceTrusted(client);
        return client;
    }

    private TenantId tenant() {
        return new TenantId(UUID.fromString(pki.tenant().id()));
    }

    private static void assertRefused(Mqtt5BlockingClient client) {
        assertThatThrownBy(client::connect)
                .isInstanceOf(Mqtt5ConnAckException.class)
                .satisfies(e -> assertThat(
                                ((Mqtt5ConnAckException) e).getMqttMessage().getReasonCode())
                        .isEqualTo(Mqtt5ConnAckReasonCode.NOT_AUTHORIZED));
        assertThat(client.getState().isConnected()).isFalse();
    }
}
