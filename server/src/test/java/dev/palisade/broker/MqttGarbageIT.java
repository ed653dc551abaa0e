package dev.palisade.broker;

import static org.assertj.core.api.Assertions.assertThat;

import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import dev.palisade.agent.Tls;
import dev.palisade.support.EstClients;
import dev.palisade.support.EstClients.Credential;
import dev.palisade.support.MqttClients;
import dev.palisade.support.RootTrust;
import dev.palisade.support.TenantPki;
import dev.palisade.support.WithServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketTimeoutException;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import org.junit.jupiter.api.Test;

/**
 * Garbage on an authenticated TLS connection (random frames, a CONNECT announcing an oversized packet) closes that
 * connection and nothing else: a device connects and works as before.
 */
class MqttGarbageIT extends WithServer {

    private static final int FRAMES = 3000;
    private static final int CONNECTIONS = 3;

    @Test
    void randomFramesCloseTheirConnectionAndLeaveTheBrokerServing() throws Exception {
        X509Certificate root = EstClients.awaitDeviceEndpoint(devicePort(), DATA_DIR);
        var pki = new TenantPki(api, newTenant());
        String device = pki.newDevice("meter");
        Credential credential = pki.issue(device, "device");
        Mqtt5BlockingClient client = MqttClients.client(mqttPort(), device, credential, root);
        MqttClients.connectOnceTrusted(client);
        client.disconnect();
        SSLContext tls = tls(credential, root);
        // seeded, so that a failure can be replayed
        RandomGenerator random = new SplittableRandom(20261122);

        int closed = 0;
        for (int connection = 0; connection < CONNECTIONS; connection++) {
            closed += sendGarbage(tls, random, FRAMES / CONNECTIONS) ? 1 : 0;
        }
        boolean oversizedClosed = sendOversizedConnect(tls);

        assertThat(closed)
                .as("every garbage connection was closed by the broker")
                .isEqualTo(CONNECTIONS);
        assertThat(oversizedClosed).isTrue();
        client.connect();
        assertThat(client.getState().isConnected()).isTrue();
        client.disconnect();
    }

    /** Sends {@code frames} random frames (a random first byte and length, random bytes); true if the broker hung up. */
    private boolean sendGarbage(SSLContext tls, RandomGenerator random, int frames) throws IOException {
        try (var socket = (SSLSocket) tls.getSocketFactory().createSocket("localhost", mqttPort())) {
            socket.setSoTimeout(30_000);
            socket.startHandshake();
            OutputStream out = socket.getOutputStream();
            try {
                for (int i = 0; i < frames; i++) {
                    byte[] frame = new byte[2 + random.nextInt(64)];
                    random.nextBytes(frame);
                    out.write(frame);
                }
                out.flush();
            } catch (IOException e) {
                return true; // closed while we were still writing
            }
            return closedByPeer(socket.getInputStream());
        }
    }

    /** A CONNECT whose remaining length claims 256 MB, far over the broker's packet size limit. */
    private boolean sendOversizedConnect(SSLContext tls) throws IOException {
        try (var socket = (SSLSocket) tls.getSocketFactory().createSocket("localhost", mqttPort())) {
            socket.setSoTimeout(30_000);
            socket.startHandshake();
            OutputStream out = socket.getOutputStream();
            try {
                out.write(new byte[] {0x10, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x7F});
                out.write(new byte[64 * 1024]);
                out.flush();
            } catch (IOException e) {
                return true;
            }
            return closedByPeer(socket.getInputStream());
        }
    }

    private static boolean closedByPeer(InputStream in) throws IOException {
        try {
            byte[] buffer = new byte[1024];
            while (true) {
                if (in.read(buffer) < 0) {
                    return true;
                }
            }
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true; // reset
        }
    }

    private static SSLContext tls(Credential credential, X509Certificate root) throws GeneralSecurityException {
        SSLContext context = SSLContext.getInstance("TLSv1.3");
        context.init(
                new KeyManager[] {Tls.presenting(credential.key(), credential.chain())},
                new TrustManager[] {RootTrust.manager(root)},
                null);
        return context;
    }
}
