package dev.palisade.bench;

import dev.palisade.keys.FastCrypto;
import dev.palisade.pki.x509.PemText;
import dev.palisade.shared.DataDirectory;
import dev.palisade.shared.SecretFiles;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;

/**
 * The server side of the MQTT benchmarks ({@code bench/mqtt.sh}): Palisade with its broker, in a JVM of its own so that
 * the load client's CPU is not counted as the server's. On a data directory kept between starts, so that runs with
 * different TLS implementations serve the same fleet.
 *
 * <pre>MqttBenchServer &lt;data-dir&gt; &lt;fleet-dir&gt; &lt;devices&gt; &lt;tls-provider: conscrypt|jdk&gt;</pre>
 *
 * <p>Issues the fleet on the first start, waits until the broker presents its final certificate (on a first start it
 * is made moments after the server is up, and the broker picks it up within ten seconds), writes that certificate and
 * its key as PEM for the baseline broker, prints {@code ready mqtt-port=… api-port=… pid=…} and serves until the
 * process is ended.
 */
@SuppressForbidden("prints its ports on the standard output stream, which the benchmark script reads")
public final class MqttBenchServer {

    private MqttBenchServer() {}

    public static void main(String[] args) throws Exception {
        Path dataDir = Path.of(args[0]);
        Path fleetDir = Path.of(args[1]);
        int devices = Integer.parseInt(args[2]);
        String tlsProvider = args[3];
        var server = new BenchServer(
                dataDir,
                false,
                Map.of(
                        "palisade.broker.tls-provider",
                        tlsProvider,
                        // the revocation benchmark makes hundreds of API calls a second from one address
                        "palisade.api.auth-failures-per-minute",
                        "100000"));
        FleetIssuance.prepare(server, fleetDir, devices);
        X509Certificate[] endpoint = awaitEndpointCertificate(server, fleetDir);
        writeEndpointPem(server, fleetDir, endpoint);
        System.out.printf(
                "ready mqtt-port=%d api-port=%d pid=%d%n",
                server.mqttPort, server.apiPort, ProcessHandle.current().pid());
        System.out.flush();
        // ended by a signal; Spring's shutdown hook stops the broker and PostgreSQL
        new CountDownLatch(1).await();
    }

    /** The endpoint's chain, once the broker presents it to a device of the fleet. */
    private static X509Certificate[] awaitEndpointCertificate(BenchServer server, Path fleetDir) throws Exception {
        X509Certificate issuer = PemText.parseCertificates(Files.readString(fleetDir.resolve("issuing-ca.pem")))
                .getFirst();
        Fleet.Device device =
                Fleet.read(fleetDir.resolve(FleetIssuance.FLEET), issuer, 0, 1).getFirst();
        long deadline = System.nanoTime() + 120_000_000_000L;
        Exception last = null;
        while (System.nanoTime() < deadline) {
            X509Certificate[] chain = endpointChain(server);
            var client = new MqttTlsClient(
                    new InetSocketAddress(InetAddress.getLoopbackAddress(), server.mqttPort),
                    Objects.requireNonNull(FastCrypto.ecProvider()),
                    chain[0]);
            try (SocketChannel ignored = client.connect(device, InetAddress.getLoopbackAddress(), 60)) {
                return chain;
            } catch (IOException | GeneralSecurityException e) {
                last = e;
                Thread.sleep(500);
            }
        }
        throw new IllegalStateException("the broker did not accept a device of the fleet", last);
    }

    static X509Certificate[] endpointChain(BenchServer server) throws IOException, GeneralSecurityException {
        KeyStore store = endpointKeyStore(server);
        Certificate[] chain = store.getCertificateChain(store.aliases().nextElement());
        return Arrays.copyOf(chain, chain.length, X509Certificate[].class);
    }

    /** The broker's key and certificate chain, for the baseline broker, which is to present the same. */
    private static void writeEndpointPem(BenchServer server, Path fleetDir, X509Certificate[] chain)
            throws IOException, GeneralSecurityException {
        KeyStore store = endpointKeyStore(server);
        String alias = store.aliases().nextElement();
        var key = (PrivateKey) store.getKey(alias, password(server).toCharArray());
        SecretFiles.writeString(
                fleetDir.resolve("endpoint.key"),
                "-----BEGIN PRIVATE KEY-----\n"
                        + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(key.getEncoded())
                        + "\n-----END PRIVATE KEY-----\n");
        Files.writeString(fleetDir.resolve("endpoint.pem"), PemText.certificates(List.of(chain)));
    }

    private static KeyStore endpointKeyStore(BenchServer server) throws IOException, GeneralSecurityException {
        Path file = new DataDirectory(server.dataDir).tls().resolve("device-endpoint.p12");
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            store.load(in, password(server).toCharArray());
        }
        return store;
    }

    private static String password(BenchServer server) {
        return SecretFiles.readString(
                new DataDirectory(server.dataDir).secrets().resolve("tls-keystore.password"));
    }
}
