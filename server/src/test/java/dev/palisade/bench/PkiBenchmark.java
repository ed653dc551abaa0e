package dev.palisade.bench;

import dev.palisade.identity.DeviceId;
import dev.palisade.keys.FastCrypto;
import dev.palisade.keys.KeyCustody;
import dev.palisade.keys.SigningKey;
import dev.palisade.pki.CertificateAuthorities;
import dev.palisade.pki.CertificateAuthority;
import dev.palisade.pki.CertificateIssuance;
import dev.palisade.pki.IssuedCertificate;
import dev.palisade.pki.internal.CrlPublisher;
import dev.palisade.pki.internal.OcspService;
import dev.palisade.pki.internal.RevocationIndex;
import dev.palisade.pki.x509.CertificateProfile;
import dev.palisade.pki.x509.Crls;
import dev.palisade.pki.x509.RevocationReason;
import dev.palisade.pki.x509.RevokedEntry;
import dev.palisade.pki.x509.Serials;
import dev.palisade.storage.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Provider;
import java.security.Security;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.OCSPReqBuilder;
import org.bouncycastle.cert.ocsp.OCSPResp;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;

/**
 * The PKI's throughput: issuance in-process and over EST, CRL generation at 100,000 entries, OCSP from cache; with
 * {@code openssl speed ecdsap256} and the JCA providers' raw signing rates measured in the same run. Run it with
 * {@code bench/pki.sh}; it prints a Markdown table for docs/BENCHMARKS.md.
 */
@SuppressForbidden("prints its figures and progress on the standard streams")
public final class PkiBenchmark {

    private static final int THREADS = 8;
    /**
     * Issuance requests in flight at once: a fleet enrolling has many devices asking together, and the writer commits
     * whatever has queued up as one batch, so the rate depends on how many wait together, as it does in production.
     */
    private static final int CONCURRENT_REQUESTS = 64;

    private PkiBenchmark() {}

    public static void main(String[] args) throws Exception {
        int measured = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        int estMeasured = args.length > 1 ? Integer.parseInt(args[1]) : 6_000;
        // On two cores the JVM has one C2 compiler thread, and it has thousands of this server's methods queued for
        // the first minutes of load: until it is through, much of the work runs as profiled C1 code at about half
        // the speed (docs/BENCHMARKS.md). A server that has run a while is past that; so is the measurement.
        int warmup = args.length > 2 ? Integer.parseInt(args[2]) : 40_000;
        var rows = new ArrayList<String>();

        OpenSslSpeed openssl = OpenSslSpeed.measure(1, 3);
        rows.add(row("openssl speed ecdsap256, 1 process: P-256 signatures/s", openssl.signsPerSecond()));
        rows.add(row("openssl speed ecdsap256, 1 process: P-256 verifications/s", openssl.verifiesPerSecond()));
        Provider[] providers = {
            Objects.requireNonNull(Security.getProvider("SunEC")),
            new BouncyCastleProvider(),
            Objects.requireNonNull(FastCrypto.ecProvider())
        };
        for (Provider provider : providers) {
            rows.add(row("JCA " + provider.getName() + ", 1 thread: P-256 signatures/s", signRate(provider)));
        }

        try (var server = new BenchServer()) {
            CertificateIssuance issuance = server.bean(CertificateIssuance.class);
            CertificateAuthority ca = server.bean(CertificateAuthorities.class).ensureIssuing(server.tenant);
            int devices = warmup + measured;
            System.err.println("preparing " + devices + " devices for in-process issuance");
            List<BenchDevices.Device> fleet = BenchDevices.make("inproc", 0, devices);
            server.registerDevices("inproc", devices);
            System.err.println("warming up in-process issuance");
            IssuedCertificate[] issued = new IssuedCertificate[devices];
            Throughput.run(CONCURRENT_REQUESTS, 0, warmup, i -> issued[i] = enrol(issuance, server, fleet.get(i)));
            var cpu = new CpuShares(server.bean(EmbeddedPostgres.class).pid());
            System.err.println("measuring in-process issuance");
            cpu.start();
            double inProcess = Throughput.run(
                    CONCURRENT_REQUESTS, warmup, devices, i -> issued[i] = enrol(issuance, server, fleet.get(i)));
            CpuShares.Spent spent = cpu.stop();
            rows.add(row(
                    "issuance in-process, " + CONCURRENT_REQUESTS
                            + " requests at once (CSR check, sign, durable write, audit): certificates/s",
                    inProcess));
            rows.add(decimalRow(
                    "issuance in-process: CPU per certificate in the JVM (the JIT compiler's apart), ms",
                    spent.serverJvmNanos() / 1e6 / measured));
            rows.add(decimalRow(
                    "issuance in-process: CPU per certificate in PostgreSQL, ms",
                    spent.databaseNanos() / 1e6 / measured));
            rows.add(decimalRow(
                    "issuance in-process: JIT compiler CPU while measuring, ms per certificate",
                    spent.compilerNanos() / 1e6 / measured));
            int cores = Runtime.getRuntime().availableProcessors();
            rows.add(row(
                    "issuance in-process: capacity of " + cores
                            + " cores (cores / CPU per certificate): certificates/s",
                    cores * 1e9 * measured / spent.serverNanos()));

            rows.add(row(
                    "issuance over EST, " + CONCURRENT_REQUESTS
                            + " devices at once (new TLS 1.3 connection with client certificate each): certificates/s",
                    est(server, issuance, ca, estMeasured, warmup / 4)));

            rows.addAll(ocsp(server, ca, Arrays.asList(issued).subList(0, 1_000)));
            rows.addAll(crl(server, ca));
        }

        System.out.println();
        System.out.println("| measure | result |");
        System.out.println("|---|---|");
        rows.forEach(System.out::println);
        System.out.printf(
                Locale.ROOT,
                "%nMachine: %d cores, %s; %s.%n",
                Runtime.getRuntime().availableProcessors(),
                System.getProperty("os.arch"),
                System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
    }

    private static IssuedCertificate enrol(
            CertificateIssuance issuance, BenchServer server, BenchDevices.Device device) {
        return issuance.enrol(server.tenant, DeviceId.of(device.id()), device.csr(), "bench-" + device.id());
    }

    private static double est(
            BenchServer server, CertificateIssuance issuance, CertificateAuthority ca, int measured, int warmup)
            throws Exception {
        int count = warmup + measured;
        System.err.println("preparing " + count + " devices with bootstrap certificates for EST");
        List<BenchDevices.Device> bootstrap = BenchDevices.make("est", 0, count);
        List<BenchDevices.Device> operational = BenchDevices.make("est", 0, count);
        server.registerDevices("est", count);
        var identities = new EstLoad.ClientIdentity[count];
        Throughput.run(CONCURRENT_REQUESTS, 0, count, i -> {
            BenchDevices.Device device = bootstrap.get(i);
            IssuedCertificate certificate = issuance.issue(
                    server.admin, DeviceId.of(device.id()), device.csr(), CertificateProfile.BOOTSTRAP, null);
            identities[i] = new EstLoad.ClientIdentity(
                    device.key().getPrivate(),
                    EstLoad.chain(certificate.certificate(), List.of(ca.requireCertificate())));
        });
        X509Certificate root =
                server.bean(CertificateAuthorities.class).rootCertificate().orElseThrow();
        var load = new EstLoad(server.devicePort, root, FastCrypto.ecProvider());
        // the issuance paths are compiled by now; the TLS and HTTP ones are not
        System.err.println("warming up EST");
        Throughput.run(CONCURRENT_REQUESTS, 0, warmup, i -> enrolOverEst(load, identities[i], operational.get(i)));
        System.err.println("measuring EST");
        return Throughput.run(
                CONCURRENT_REQUESTS, warmup, count, i -> enrolOverEst(load, identities[i], operational.get(i)));
    }

    private static void enrolOverEst(EstLoad load, EstLoad.ClientIdentity identity, BenchDevices.Device device) {
        try {
            load.enrol(identity, device.csr());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> ocsp(BenchServer server, CertificateAuthority ca, List<IssuedCertificate> certificates)
            throws Exception {
        var calculator = new JcaDigestCalculatorProviderBuilder().build().get(CertificateID.HASH_SHA1);
        var issuer = new JcaX509CertificateHolder(ca.requireCertificate());
        List<byte[]> requests = new ArrayList<>();
        for (IssuedCertificate certificate : certificates) {
            requests.add(new OCSPReqBuilder()
                    .addRequest(new CertificateID(calculator, issuer, certificate.serial()))
                    .build()
                    .getEncoded());
        }
        OcspService service = server.bean(OcspService.class);
        for (byte[] request : requests) { // fills the cache, and checks the answers are real
            byte[] response = service.respond(ca.id(), request).orElseThrow();
            var basic = (BasicOCSPResp) new OCSPResp(response).getResponseObject();
            if (basic.getResponses()[0].getCertStatus() != null) {
                throw new IllegalStateException("expected a good status");
            }
        }
        double inProcess = Throughput.forSeconds(
                THREADS,
                5,
                thread -> service.respond(ca.id(), requests.get((int) (System.nanoTime() % requests.size()))));
        String path = "/ocsp/" + ca.id();
        var connections = new OcspLoad[THREADS];
        for (int i = 0; i < THREADS; i++) {
            connections[i] = new OcspLoad(server.httpPort, path);
        }
        Throughput.forSeconds(THREADS, 10, thread -> ask(connections[thread], requests)); // warm-up: the JIT compiles
        double overHttp = Throughput.forSeconds(THREADS, 10, thread -> ask(connections[thread], requests));
        for (OcspLoad connection : connections) {
            connection.close();
        }
        return List.of(
                row("OCSP from cache, in-process: responses/s", inProcess),
                row("OCSP from cache over HTTP/1.1 (8 kept-alive connections): responses/s", overHttp));
    }

    private static void ask(OcspLoad connection, List<byte[]> requests) {
        try {
            connection.ask(requests.get((int) (System.nanoTime() % requests.size())));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> crl(BenchServer server, CertificateAuthority ca) {
        RevocationIndex index = server.bean(RevocationIndex.class);
        Instant now = Clock.systemUTC().instant().truncatedTo(ChronoUnit.SECONDS);
        List<RevokedEntry> entries = new ArrayList<>(100_000);
        for (int i = 0; i < 100_000; i++) {
            BigInteger serial = Serials.random();
            var entry = new RevokedEntry(serial, now.minusSeconds(i), RevocationReason.KEY_COMPROMISE);
            entries.add(entry);
            index.add(ca.id(), entry);
        }
        SigningKey key = server.bean(KeyCustody.class).find(ca.keyAlias()).orElseThrow();
        long[] signOnly = new long[5];
        for (int run = 0; run < signOnly.length; run++) {
            long started = System.nanoTime();
            Crls.full(
                    ca.requireCertificate(),
                    key,
                    BigInteger.valueOf(1_000 + run),
                    now,
                    now.plusSeconds(86_400),
                    entries);
            signOnly[run] = (System.nanoTime() - started) / 1_000_000;
        }
        CrlPublisher publisher = server.bean(CrlPublisher.class);
        long[] published = new long[5];
        for (int run = 0; run < published.length; run++) {
            long started = System.nanoTime();
            publisher.publish(ca);
            published[run] = (System.nanoTime() - started) / 1_000_000;
        }
        int size = publisher.full(ca.id()).orElseThrow().length;
        return List.of(
                row("CRL with 100,000 entries: generate and sign, ms (median of 5)", median(signOnly)),
                row(
                        "CRL with 100,000 entries: generate, sign, store full and delta CRL, ms (median of 5; "
                                + size / 1024 + " KiB)",
                        median(published)));
    }

    private static double signRate(Provider provider) throws Exception {
        var generator = KeyPairGenerator.getInstance("EC", provider);
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair key = generator.generateKeyPair();
        byte[] data = new byte[512];
        Signature signature = Signature.getInstance("SHA256withECDSA", provider);
        long deadline = System.nanoTime() + 3_000_000_000L;
        long warm = System.nanoTime() + 1_000_000_000L;
        int count = 0;
        long started = 0;
        while (System.nanoTime() < deadline) {
            signature.initSign(key.getPrivate());
            signature.update(data);
            signature.sign();
            if (started == 0 && System.nanoTime() > warm) {
                started = System.nanoTime();
                count = 0;
            }
            count++;
        }
        return count / ((System.nanoTime() - started) / 1e9);
    }

    private static long median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static String row(String measure, double value) {
        return String.format(Locale.ROOT, "| %s | %,.0f |", measure, value);
    }

    private static String decimalRow(String measure, double value) {
        return String.format(Locale.ROOT, "| %s | %.3f |", measure, value);
    }
}
