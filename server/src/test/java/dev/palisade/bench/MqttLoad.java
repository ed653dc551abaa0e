package dev.palisade.bench;

import dev.palisade.keys.FastCrypto;
import dev.palisade.pki.x509.PemText;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The load client of the MQTT benchmarks ({@code bench/mqtt.sh}), a JVM of its own beside the broker's. Plays the
 * devices of a fleet file against a broker and reports on the standard output stream, one {@code result} line per
 * figure.
 *
 * <pre>
 * MqttLoad connect &lt;fleet-dir&gt; &lt;port&gt; &lt;broker-pid&gt; &lt;label&gt; &lt;devices&gt; &lt;threads&gt; &lt;seconds&gt;
 * MqttLoad idle    &lt;fleet-dir&gt; &lt;port&gt; &lt;broker-pid&gt; &lt;sessions&gt;...
 * MqttLoad revoke  &lt;fleet-dir&gt; &lt;port&gt; &lt;api-port&gt; &lt;api-certificate&gt; &lt;devices&gt; &lt;sessions&gt;
 * </pre>
 *
 * Connections come from {@value #SOURCES} loopback addresses (127.0.0.2 …) in turn: each has its own range of ephemeral
 * ports, so that neither many sessions nor the closed connections waiting out TIME_WAIT run out of them.
 */
public final class MqttLoad {

    static final int SOURCES = 8;

    private MqttLoad() {}

    public static void main(String[] args) throws Exception {
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        switch (args[0]) {
            case "connect" -> ConnectRate.run(rest);
            case "idle" -> IdleSessions.run(rest);
            case "revoke" -> RevocationLatency.run(rest);
            case "policy" -> PolicyChangeLatency.run(rest);
            default -> throw new IllegalArgumentException("unknown benchmark " + args[0]);
        }
    }

    /** A broker to play a fleet against: the fleet's directory and the broker's TLS port on this machine. */
    record Target(Path fleetDir, int port) {

        MqttTlsClient client() throws IOException {
            X509Certificate server = PemText.parseCertificates(Files.readString(fleetDir.resolve("endpoint.pem")))
                    .getFirst();
            return new MqttTlsClient(
                    new InetSocketAddress(InetAddress.getLoopbackAddress(), port),
                    Objects.requireNonNull(FastCrypto.ecProvider(), "the load client needs Conscrypt"),
                    server);
        }

        List<Fleet.Device> devices(int from, int to) throws IOException {
            X509Certificate issuer = PemText.parseCertificates(Files.readString(fleetDir.resolve("issuing-ca.pem")))
                    .getFirst();
            return Fleet.read(fleetDir.resolve(FleetIssuance.FLEET), issuer, from, to);
        }
    }

    /** The local addresses connections come from. */
    static List<InetAddress> sources() throws UnknownHostException {
        List<InetAddress> sources = new ArrayList<>();
        for (int i = 0; i < SOURCES; i++) {
            sources.add(InetAddress.getByAddress(new byte[] {127, 0, 0, (byte) (2 + i)}));
        }
        return sources;
    }
}
