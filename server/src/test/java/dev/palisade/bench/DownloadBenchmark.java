package dev.palisade.bench;

import dev.palisade.agent.Tls;
import dev.palisade.identity.DeviceId;
import dev.palisade.keys.FastCrypto;
import dev.palisade.ota.Artifact;
import dev.palisade.ota.Artifacts;
import dev.palisade.ota.Downloads;
import dev.palisade.ota.NewRelease;
import dev.palisade.ota.Releases;
import dev.palisade.ota.Sha256;
import dev.palisade.ota.UpdateTier;
import dev.palisade.pki.CertificateAuthorities;
import dev.palisade.pki.IssuedCertificate;
import dev.palisade.shared.TenantId;
import dev.palisade.tenancy.Caller;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.Provider;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.conscrypt.TrustManagerImpl;
import org.jspecify.annotations.Nullable;

/**
 * OTA downloads: how fast Palisade's device endpoint serves an artifact to devices that fetch it in byte ranges (as a
 * resuming device does) or whole, against the limits of this machine measured in the same run.
 *
 * <pre>bench/download.sh [megabytes] [clients] [range MiB]     (default 256 2 8; prints a Markdown table)</pre>
 *
 * <p>Palisade runs in this JVM without its broker, on a throw-away data directory. An artifact of random bytes is
 * uploaded and published in a release; each client is a registered device with the release's model and hardware
 * revision, its own key and certificate, and a kept-alive TLS 1.3 connection authenticated by that certificate.
 * Every client downloads the whole artifact once per round, all clients at once. Rounds, each run three times in turn
 * and reported as the median: the page cache (the blob file read into memory, the disk's limit once it is cached),
 * a bare server over plain loopback TCP, a bare server over TLS 1.3 with the same TLS implementation (Conscrypt) on
 * both ends (the loopback limit for an encrypted download), and Palisade, in ranges and whole. The bare servers copy
 * through the same buffer as Palisade's endpoint; the same client measures all of them. A first round, not counted,
 * checks the SHA-256 of what each client reassembled from Palisade's ranges.
 */
@SuppressForbidden("a benchmark prints its figures and progress")
public final class DownloadBenchmark {

    private static final String MODEL = "bench-gateway";
    private static final String REVISION = "rev-b";
    private static final int REPEATS = 3;
    private static final double MIB = 1024 * 1024;
    /** Below Tomcat's default of 100 requests per kept-alive connection. */
    private static final int LATENCY_REQUESTS = 90;

    private DownloadBenchmark() {}

    public static void main(String[] args) throws Exception {
        int megabytes = args.length > 0 ? Integer.parseInt(args[0]) : 256;
        int clients = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        long chunk = (args.length > 2 ? Long.parseLong(args[2]) : 8) * 1024 * 1024;
        Provider conscrypt = Objects.requireNonNull(FastCrypto.ecProvider(), "Conscrypt is required");
        Path work = Files.createTempDirectory("palisade-download-bench-");
        try (var server = new BenchServer(work.resolve("data"), true, Map.of("palisade.broker.enabled", "false"))) {
            Caller operator = server.admin;
            TenantId tenant = operator.tenant();
            Path image = randomImage(work.resolve("image.bin"), megabytes);
            long length = Files.size(image);
            Artifact artifact = publish(server, operator, image);
            String path = "/device/v1/ota/blobs/sha256/" + artifact.sha256().hex();
            System.err.printf(Locale.ROOT, "published a %,d MiB artifact%n", megabytes);

            server.registerDevices(tenant, "downloader", clients, Map.of("model", MODEL, "hardwareRevision", REVISION));
            List<BenchDevices.Device> made = BenchDevices.make("downloader", 0, clients);
            IssuedCertificate[] issued = server.enrol(tenant, made);
            CertificateAuthorities authorities = server.bean(CertificateAuthorities.class);
            X509Certificate issuer = authorities.ensureIssuing(tenant).requireCertificate();
            X509Certificate root = authorities.rootCertificate().orElseThrow();
            var devices = new SSLContext[clients];
            for (int i = 0; i < clients; i++) {
                devices[i] = context(
                        conscrypt,
                        new KeyManager[] {
                            Tls.presenting(made.get(i).key().getPrivate(), List.of(issued[i].certificate(), issuer))
                        },
                        root);
            }
            Downloads downloads = server.bean(Downloads.class);
            Path blob = downloads
                    .servable(tenant, DeviceId.of(made.getFirst().id()), artifact.sha256())
                    .orElseThrow()
                    .file();

            KeyPair serverKey = BenchDevices.p256();
            X509Certificate serverCertificate = selfSigned(serverKey);
            SSLContext bareTls = context(conscrypt, serverIdentity(serverKey, serverCertificate), null);
            SSLContext bareTlsClient = context(conscrypt, new KeyManager[0], serverCertificate);

            try (var plainServer = BareFileServer.plain(blob, length);
                    var tlsServer = BareFileServer.tls(bareTls, blob, length)) {
                Round pageCache = clientIndex -> readFile(blob);
                Round plain = clientIndex -> {
                    try (var client = RangeClient.plain(plainServer.port())) {
                        return client.download("/image", length, 0, null);
                    }
                };
                Round tlsRanges = clientIndex -> {
                    try (var client = RangeClient.tls(bareTlsClient, tlsServer.port())) {
                        return client.download("/image", length, chunk, null);
                    }
                };
                Round tlsWhole = clientIndex -> {
                    try (var client = RangeClient.tls(bareTlsClient, tlsServer.port())) {
                        return client.download("/image", length, 0, null);
                    }
                };
                Round palisadeRanges = clientIndex -> {
                    try (var client = RangeClient.tls(devices[clientIndex], server.devicePort)) {
                        return client.download(path, length, chunk, null);
                    }
                };
                Round palisadeWhole = clientIndex -> {
                    try (var client = RangeClient.tls(devices[clientIndex], server.devicePort)) {
                        return client.download(path, length, 0, null);
                    }
                };

                String negotiated = verify(devices, server.devicePort, path, length, chunk, artifact.sha256());
                try (var probe = RangeClient.tls(bareTlsClient, tlsServer.port())) {
                    probe.download("/image", 1, 1, null);
                    System.err.printf(Locale.ROOT, "Palisade: %s; bare TLS server: %s%n", negotiated, probe.protocol());
                }
                List<Round> rounds = List.of(pageCache, plain, tlsRanges, palisadeRanges, tlsWhole, palisadeWhole);
                double[][] rates = new double[rounds.size()][REPEATS];
                for (int repeat = 0; repeat < REPEATS; repeat++) {
                    for (int r = 0; r < rounds.size(); r++) {
                        rates[r][repeat] = rounds.get(r).run(clients, length);
                    }
                    System.err.printf(Locale.ROOT, "repeat %d of %d done%n", repeat + 1, REPEATS);
                }
                // the verification round, and REPEATS rounds of each of the two Palisade rounds
                long served = length * clients * (1 + 2L * REPEATS);
                long accounted = accounted(downloads, tenant, made, served);
                double bareLatency = perRequestMillis(() -> RangeClient.tls(bareTlsClient, tlsServer.port()), "/image");
                double palisadeLatency = perRequestMillis(() -> RangeClient.tls(devices[0], server.devicePort), path);

                double tlsLimit = median(rates[4]);
                System.out.println();
                System.out.printf(
                        Locale.ROOT,
                        "Artifact %,d MiB, %d clients at once, ranges of %,d MiB, kept-alive TLS 1.3 connections.%n%n",
                        megabytes,
                        clients,
                        chunk / (1024 * 1024));
                System.out.println(
                        "| path | MiB/s (median of " + REPEATS + ") | runs | share of the bare TLS server |");
                System.out.println("|---|---:|---|---:|");
                String[] names = {
                    "page cache: the blob file read (the disk's limit, cached)",
                    "bare server, plain loopback TCP, whole file (the loopback's limit)",
                    "bare server, TLS 1.3 (Conscrypt), in ranges",
                    "**Palisade device endpoint, in ranges**",
                    "bare server, TLS 1.3 (Conscrypt), whole file: **the baseline**",
                    "**Palisade device endpoint, whole file**"
                };
                for (int r = 0; r < rounds.size(); r++) {
                    System.out.printf(
                            Locale.ROOT,
                            "| %s | %,.0f | %s | %.2f |%n",
                            names[r],
                            median(rates[r]),
                            runs(rates[r]),
                            median(rates[r]) / tlsLimit);
                }
                System.out.println();
                System.out.printf(
                        Locale.ROOT,
                        "One-byte ranges, one client, %d in a row on one connection: %.2f ms each from the bare TLS"
                                + " server, %.2f ms from Palisade.%n",
                        LATENCY_REQUESTS,
                        bareLatency,
                        palisadeLatency);
                System.out.printf(
                        Locale.ROOT,
                        "Bytes accounted by Palisade to the devices: %,d of %,d served (TLS: %s).%n",
                        accounted,
                        served,
                        negotiated);
                System.out.printf(
                        Locale.ROOT,
                        "Machine: %d cores, %s; %s.%n",
                        Runtime.getRuntime().availableProcessors(),
                        System.getProperty("os.arch"),
                        System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
            }
        } finally {
            Files.deleteIfExists(work.resolve("image.bin"));
            Files.deleteIfExists(work);
        }
    }

    /**
     * What Palisade recorded as served to the clients, once it is {@code expected} or has stopped growing: a count is
     * written after its response, so the last ones may still be on their way when the clients have read everything.
     */
    private static long accounted(Downloads downloads, TenantId tenant, List<BenchDevices.Device> made, long expected)
            throws InterruptedException {
        long accounted = -1;
        for (int attempt = 0; attempt < 50; attempt++) {
            long now = 0;
            for (BenchDevices.Device device : made) {
                for (Downloads.Served served : downloads.served(tenant, DeviceId.of(device.id()))) {
                    now += served.bytes();
                }
            }
            if (now == expected || (now == accounted && attempt > 10)) {
                return now;
            }
            accounted = now;
            Thread.sleep(100);
        }
        return accounted;
    }

    /** Opens a client connection. */
    @FunctionalInterface
    private interface Connect {
        RangeClient open() throws IOException;
    }

    /** Milliseconds per request of one-byte ranges asked one after another on one connection, after a warm-up. */
    private static double perRequestMillis(Connect connect, String path) throws IOException {
        try (RangeClient warmUp = connect.open()) {
            warmUp.download(path, LATENCY_REQUESTS, 1, null);
        }
        try (RangeClient client = connect.open()) {
            long started = System.nanoTime();
            client.download(path, LATENCY_REQUESTS, 1, null);
            return (System.nanoTime() - started) / 1e6 / LATENCY_REQUESTS;
        }
    }

    /** One client's download; returns the bytes it received. */
    @FunctionalInterface
    private interface Round {

        long download(int client) throws IOException;

        /** Runs {@code clients} downloads at once; MiB per second over all of them. */
        default double run(int clients, long length) throws InterruptedException {
            long started = System.nanoTime();
            Throughput.run(clients, 0, clients, client -> {
                try {
                    long received = download(client);
                    if (received != length) {
                        throw new IllegalStateException("received " + received + " of " + length + " bytes");
                    }
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            double seconds = (System.nanoTime() - started) / 1e9;
            return clients * length / MIB / seconds;
        }
    }

    /**
     * Each client downloads the artifact from Palisade in ranges once, digesting what it reassembles; the digest must
     * be the artifact's. Also warms up the endpoint. Returns the negotiated protocol and cipher suite.
     */
    private static String verify(SSLContext[] devices, int port, String path, long length, long chunk, Sha256 expected)
            throws Exception {
        String negotiated = "";
        for (SSLContext device : devices) {
            try (var client = RangeClient.tls(device, port)) {
                MessageDigest digest = MessageDigest.getInstance("SHA-256");
                client.download(path, length, chunk, digest);
                String actual = HexFormat.of().formatHex(digest.digest());
                if (!actual.equals(expected.hex())) {
                    throw new IllegalStateException("reassembled " + actual + ", not " + expected.hex());
                }
                negotiated = client.protocol();
            }
        }
        return negotiated;
    }

    private static long readFile(Path file) throws IOException {
        long read = 0;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer buffer = ByteBuffer.allocateDirect(1024 * 1024);
            for (int n = channel.read(buffer); n >= 0; n = channel.read(buffer.clear())) {
                read += n;
            }
        }
        return read;
    }

    private static Path randomImage(Path file, int megabytes) throws IOException {
        byte[] block = new byte[1024 * 1024];
        try (OutputStream out = Files.newOutputStream(file)) {
            for (int i = 0; i < megabytes; i++) {
                ThreadLocalRandom.current().nextBytes(block);
                out.write(block);
            }
        }
        return file;
    }

    private static Artifact publish(BenchServer server, Caller operator, Path image) throws IOException {
        Artifact artifact;
        try (InputStream content = Files.newInputStream(image)) {
            artifact = server.bean(Artifacts.class)
                    .upload(operator, "gateway.img", content, null, null)
                    .artifact();
        }
        Releases releases = server.bean(Releases.class);
        var draft =
                releases.create(operator, new NewRelease(MODEL, REVISION, "3.1.0", UpdateTier.OS, 1, artifact.id()));
        releases.publish(operator, draft.id());
        return artifact;
    }

    private static SSLContext context(Provider provider, KeyManager[] identity, @Nullable X509Certificate anchor)
            throws GeneralSecurityException, IOException {
        SSLContext context = SSLContext.getInstance("TLSv1.3", provider);
        TrustManager[] trust = new TrustManager[0];
        if (anchor != null) {
            KeyStore anchors = KeyStore.getInstance("PKCS12");
            anchors.load(null, null);
            anchors.setCertificateEntry("anchor", anchor);
            // the JDK's trust manager does not know the authentication type Conscrypt reports for TLS 1.3
            trust = new TrustManager[] {new TrustManagerImpl(anchors)};
        }
        context.init(identity, trust, new SecureRandom());
        return context;
    }

    private static KeyManager[] serverIdentity(KeyPair key, X509Certificate certificate)
            throws GeneralSecurityException, IOException {
        char[] password = "bench".toCharArray();
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry("server", key.getPrivate(), password, new X509Certificate[] {certificate});
        KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        factory.init(store, password);
        return factory.getKeyManagers();
    }

    private static X509Certificate selfSigned(KeyPair key) throws GeneralSecurityException {
        Instant now = Clock.systemUTC().instant();
        X500Name name = new X500Name("CN=localhost");
        try {
            return new JcaX509CertificateConverter()
                    .getCertificate(new JcaX509v3CertificateBuilder(
                                    name,
                                    BigInteger.ONE,
                                    Date.from(now.minus(Duration.ofMinutes(5))),
                                    Date.from(now.plus(Duration.ofDays(1))),
                                    name,
                                    key.getPublic())
                            .build(new JcaContentSignerBuilder("SHA256withECDSA").build(key.getPrivate())));
        } catch (OperatorCreationException e) {
            throw new GeneralSecurityException(e);
        }
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static String runs(double[] values) {
        List<String> each = new ArrayList<>(values.length);
        for (double value : values) {
            each.add(String.format(Locale.ROOT, "%,.0f", value));
        }
        return String.join(", ", each);
    }
}
