package dev.palisade.bench;

import dev.palisade.identity.DeviceId;
import dev.palisade.keys.FastCrypto;
import dev.palisade.pki.CertificateAuthorities;
import dev.palisade.pki.x509.PemText;
import dev.palisade.provisioning.ImportedManifest;
import dev.palisade.provisioning.ManifestEntry;
import dev.palisade.provisioning.Manufacturer;
import dev.palisade.provisioning.Manufacturers;
import dev.palisade.provisioning.internal.ManifestRepository;
import dev.palisade.storage.EmbeddedPostgres;
import dev.palisade.storage.TenantTransactions;
import dev.palisade.tenancy.TenancySettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Zero-touch provisioning throughput, from a device's bootstrap connection to its operational certificate: each
 * device opens a new TLS 1.3 connection with its manufacturer's bootstrap certificate, calls {@code simpleenroll}
 * once, and reads the certificate. On the server that is the whole first contact: the manufacturer CA's path checked
 * in the handshake, the manifest entry found by the certificate's fingerprint, the registration policy (entry unused,
 * recall list, firmware floor), and in one transaction the device registered, the entry consumed, the decision and
 * the certificate audited and the certificate recorded.
 *
 * <pre>bench/provisioning.sh [devices] [warm-up]     (defaults 6000 and 40000; prints a Markdown table)</pre>
 */
@SuppressForbidden("a benchmark prints its figures and progress")
public final class ProvisioningBenchmark {

    private static final int CONCURRENT_DEVICES = 64;

    private ProvisioningBenchmark() {}

    public static void main(String[] args) throws Exception {
        int measured = args.length > 0 ? Integer.parseInt(args[0]) : 6_000;
        // On two cores the JVM has one C2 compiler thread, and the server's paths keep it busy for the first minutes
        // of load, meanwhile running much of the work as profiled C1 code at about half the speed: with 3,000 devices
        // of warm-up the compiler was still at work throughout the measurement. A server that has run a while is past
        // that; 40,000 devices of warm-up (about two minutes) get the benchmark there too.
        int warmup = args.length > 1 ? Integer.parseInt(args[1]) : 40_000;
        int count = warmup + measured;
        try (var server = new BenchServer(
                Files.createTempDirectory("palisade-bench-"),
                true,
                Map.of(
                        "palisade.broker.enabled", "false",
                        // the limits guard a real fleet; here they would measure themselves
                        "palisade.provisioning.tenant-registrations-per-second", "1000000",
                        "palisade.provisioning.tenant-burst", "1000000",
                        "palisade.provisioning.ca-registrations-per-second", "1000000",
                        "palisade.provisioning.ca-burst", "1000000"))) {
            server.bean(CertificateAuthorities.class).ensureIssuing(server.tenant);
            System.err.println("manufacturing " + count + " devices");
            KeyPair caKey = BenchDevices.p256();
            X509Certificate ca = certificate("CN=Bench Bootstrap CA", caKey, "CN=Bench Bootstrap CA", caKey, true);
            Manufacturer manufacturer = server.bean(Manufacturers.class)
                    .register(server.admin, "bench", PemText.certificate(ca), List.of(PemText.certificate(ca)));
            List<BenchDevices.Device> bootstrapKeys = BenchDevices.make("boot", 0, count);
            List<BenchDevices.Device> devices = BenchDevices.make("meter", 0, count);
            var identities = new EstLoad.ClientIdentity[count];
            List<ManifestEntry> entries = new ArrayList<>(count);
            var manifest = UUID.randomUUID();
            for (int i = 0; i < count; i++) {
                X509Certificate bootstrap =
                        certificate("CN=SN-" + i, bootstrapKeys.get(i).key(), "CN=Bench Bootstrap CA", caKey, false);
                identities[i] = new EstLoad.ClientIdentity(
                        bootstrapKeys.get(i).key().getPrivate(), new X509Certificate[] {bootstrap});
                entries.add(new ManifestEntry(
                        server.tenant,
                        UUID.randomUUID(),
                        manifest,
                        manufacturer.id(),
                        DeviceId.of(devices.get(i).id()),
                        "SN-" + i,
                        MessageDigest.getInstance("SHA-256").digest(bootstrap.getEncoded()),
                        null,
                        "m1",
                        "rev-b",
                        new dev.palisade.provisioning.FirmwareVersion("1.4.0"),
                        null));
            }
            // the entries go straight to the table: a manifest's signature check is not what this measures
            var imported = new ImportedManifest(
                    manifest,
                    "bench",
                    new byte[32],
                    entries,
                    Clock.systemUTC().instant().truncatedTo(ChronoUnit.MICROS));
            server.bean(TenantTransactions.class)
                    .inTenant(
                            server.tenant,
                            () -> server.bean(ManifestRepository.class)
                                    .insert(server.tenant, manufacturer.id(), imported, "benchmark"));
            X509Certificate root =
                    server.bean(CertificateAuthorities.class).rootCertificate().orElseThrow();
            var load = new EstLoad(server.devicePort, root, FastCrypto.ecProvider());
            String label = server.bean(TenancySettings.class).platformTenantSlug();
            var cpu = new CpuShares(server.bean(EmbeddedPostgres.class).pid());
            // the ceiling, measured in the same run: the same connections, authenticated the same way, asking for the
            // CA certificates only. Its warm-up also lets the JIT compile the TLS and HTTP paths both measures share.
            System.err.println("warming up the ceiling (bootstrap connections asking for /cacerts)");
            Throughput.run(CONCURRENT_DEVICES, 0, warmup, i -> caCertificates(load, identities[i], label));
            System.err.println("measuring the ceiling");
            cpu.start();
            double connections = Throughput.run(
                    CONCURRENT_DEVICES, 0, measured, cpu.client(i -> caCertificates(load, identities[i], label)));
            CpuShares.Spent ceilingCpu = cpu.stop();
            System.err.println("warming up first contact");
            Throughput.run(CONCURRENT_DEVICES, 0, warmup, i -> enrol(load, identities[i], devices.get(i)));
            System.err.println("measuring first contact");
            cpu.start();
            double rate = Throughput.run(
                    CONCURRENT_DEVICES, warmup, count, cpu.client(i -> enrol(load, identities[i], devices.get(i))));
            CpuShares.Spent enrolCpu = cpu.stop();
            System.err.println("measured");

            int cores = Runtime.getRuntime().availableProcessors();
            System.out.println();
            System.out.println("| measure | first contact over EST | ceiling: bootstrap connection, GET /cacerts |");
            System.out.println("|---|---:|---:|");
            row("devices (connections) measured, %d at once".formatted(CONCURRENT_DEVICES), measured, measured, "%,d");
            row("devices/s (connections/s), load generator on the same cores", rate, connections, "%,.0f");
            row(
                    "server CPU per device: JVM, ms",
                    enrolCpu.serverJvmNanos() / 1e6 / measured,
                    ceilingCpu.serverJvmNanos() / 1e6 / measured,
                    "%.2f");
            row(
                    "server CPU per device: PostgreSQL, ms",
                    enrolCpu.databaseNanos() / 1e6 / measured,
                    ceilingCpu.databaseNanos() / 1e6 / measured,
                    "%.2f");
            row(
                    "JIT compiler CPU while measuring (not in the server's figures), ms per device",
                    enrolCpu.compilerNanos() / 1e6 / measured,
                    ceilingCpu.compilerNanos() / 1e6 / measured,
                    "%.2f");
            row(
                    "load generator CPU per device, ms",
                    enrolCpu.clientNanos() / 1e6 / measured,
                    ceilingCpu.clientNanos() / 1e6 / measured,
                    "%.2f");
            row(
                    "server capacity on %d cores of its own (cores / server CPU per device): devices/s"
                            .formatted(cores),
                    cores * 1e9 * measured / enrolCpu.serverNanos(),
                    cores * 1e9 * measured / ceilingCpu.serverNanos(),
                    "%,.0f");
            System.out.printf(
                    Locale.ROOT,
                    "%nMachine: %d cores, %s; %s. Warm-up: %,d connections and %,d first contacts before measuring.%n",
                    cores,
                    System.getProperty("os.arch"),
                    System.getProperty("java.vm.name") + " " + System.getProperty("java.version"),
                    warmup,
                    warmup);
        }
    }

    private static void row(String measure, double enrolment, double ceiling, String format) {
        System.out.printf(
                Locale.ROOT,
                "| %s | " + format + " | " + format + " |%n",
                measure,
                format.endsWith("d") ? (Object) Math.round(enrolment) : (Object) enrolment,
                format.endsWith("d") ? (Object) Math.round(ceiling) : (Object) ceiling);
    }

    private static void caCertificates(EstLoad load, EstLoad.ClientIdentity identity, String label) {
        try {
            if (load.caCertificates(identity, label).isBlank()) {
                throw new IllegalStateException("no CA certificates in the answer");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void enrol(EstLoad load, EstLoad.ClientIdentity identity, BenchDevices.Device device) {
        try {
            String body = load.enrol(identity, device.csr());
            if (Base64.getMimeDecoder().decode(body.strip()).length < 100) {
                throw new IllegalStateException("no certificate in the answer");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static X509Certificate certificate(
            String subject, KeyPair subjectKey, String issuer, KeyPair issuerKey, boolean ca)
            throws GeneralSecurityException {
        try {
            Instant now = Clock.systemUTC().instant();
            var builder = new JcaX509v3CertificateBuilder(
                            new X500Name(issuer),
                            BigInteger.valueOf(now.toEpochMilli())
                                    .shiftLeft(20)
                                    .add(BigInteger.valueOf(subject.hashCode() & 0xfffff)),
                            Date.from(now.minus(1, ChronoUnit.HOURS)),
                            Date.from(now.plus(3650, ChronoUnit.DAYS)),
                            new X500Name(subject),
                            subjectKey.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
            return new JcaX509CertificateConverter()
                    .getCertificate(builder.build(
                            new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKey.getPrivate())));
        } catch (org.bouncycastle.operator.OperatorCreationException | org.bouncycastle.cert.CertIOException e) {
            throw new GeneralSecurityException(e);
        }
    }
}
