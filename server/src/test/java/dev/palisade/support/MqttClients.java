package dev.palisade.support;

import static org.awaitility.Awaitility.await;

import com.hivemq.client.mqtt.MqttClientSslConfig;
import com.hivemq.client.mqtt.lifecycle.MqttClientDisconnectedListener;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import dev.palisade.support.EstClients.Credential;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;

/** Devices' side of MQTT in tests: the HiveMQ MQTT client library, and PEM files for Mosquitto's clients. */
public final class MqttClients {

    private MqttClients() {}

    /** An MQTT 5 client for {@code clientId} that presents {@code credential} and trusts {@code root}, TLS 1.3 only. */
    public static Mqtt5BlockingClient client(int port, String clientId, Credential credential, X509Certificate root) {
        return client(port, clientId, credential, root, context -> {});
    }

    /** As {@link #client(int, String, Credential, X509Certificate)}, telling {@code onDisconnect} how it ends. */
    public static Mqtt5BlockingClient client(
            int port,
            String clientId,
            Credential credential,
            X509Certificate root,
            MqttClientDisconnectedListener onDisconnect) {
        return Mqtt5Client.builder()
                .identifier(clientId)
                .serverHost("localhost")
                .serverPort(port)
                .sslConfig(MqttClientSslConfig.builder()
                        .keyManagerFactory(keys(credential))
                        .trustManagerFactory(RootTrust.factory(root))
                        .protocols(List.of("TLSv1.3"))
                        .build())
                .addDisconnectedListener(onDisconnect)
                .buildBlocking();
    }

    /**
     * Connects {@code client}, retrying for up to 30 s: the broker re-reads its TLS files every ten seconds, and on the
     * first test after a first start the endpoint's real certificate may be moments old.
     */
    public static void connectOnceTrusted(Mqtt5BlockingClient client) {
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(500))
                .ignoreExceptions()
                .untilAsserted(() -> client.connect());
    }

    /** Writes the credential as {@code <name>.key} (PKCS#8) and {@code <name>.pem} (certificate, then its CA). */
    public static void writePem(Credential credential, Path directory, String name) throws IOException {
        Files.writeString(
                directory.resolve(name + ".key"),
                pem("PRIVATE KEY", credential.key().getEncoded()));
        StringBuilder chain = new StringBuilder();
        for (X509Certificate certificate : credential.chain()) {
            try {
                chain.append(pem("CERTIFICATE", certificate.getEncoded()));
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }
        Files.writeString(directory.resolve(name + ".pem"), chain.toString(), StandardCharsets.US_ASCII);
    }

    /**
     * The start of a mosquitto client's command line ({@code mosquitto_pub}, {@code _sub}, {@code _rr}): debug output,
     * the broker on localhost, MQTT {@code version} ("mqttv5", "mqttv311"), TLS 1.3 with {@code root.pem} and
     * {@code <credential>.pem}/{@code .key} from the working directory, and the client id. Mutable, for the caller's
     * own options.
     */
    public static List<String> mosquitto(String command, int port, String version, String credential, String clientId) {
        return new ArrayList<>(List.of(
                command,
                "-d",
                "-h",
                "localhost",
                "-p",
                Integer.toString(port),
                "-V",
                version,
                "--cafile",
                "root.pem",
                "--cert",
                credential + ".pem",
                "--key",
                credential + ".key",
                "--tls-version",
                "tlsv1.3",
                "-i",
                clientId));
    }

    public static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    private static KeyManagerFactory keys(Credential credential) {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            char[] password = "test".toCharArray();
            store.setKeyEntry(
                    "device", credential.key(), password, credential.chain().toArray(Certificate[]::new));
            KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            factory.init(store, password);
            return factory;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
