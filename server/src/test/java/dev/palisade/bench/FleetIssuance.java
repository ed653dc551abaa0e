package dev.palisade.bench;

import dev.palisade.identity.DeviceId;
import dev.palisade.pki.CertificateAuthorities;
import dev.palisade.pki.CertificateAuthority;
import dev.palisade.pki.CertificateIssuance;
import dev.palisade.pki.IssuedCertificate;
import dev.palisade.pki.x509.PemText;
import dev.palisade.shared.SecretFiles;
import dev.palisade.shared.TenantId;
import dev.palisade.tenancy.Caller;
import dev.palisade.tenancy.TenantCreated;
import dev.palisade.tenancy.TenantDirectory;
import dev.palisade.tenancy.TenantService;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;

/**
 * The devices of the MQTT benchmarks, issued once per data directory in a tenant of their own ({@code bench}), so that
 * revoking its issuing CA touches nothing else. Each device gets its own key and certificate through the real
 * in-process issuance path (the PKI benchmark's {@code CertificateIssuance.enrol}); the fleet file carries them to
 * the load client's process, with the tenant administrator's API token and the CA's id for the revocation benchmark.
 */
@SuppressForbidden("prints progress on the standard error stream")
final class FleetIssuance {

    static final String FLEET = "fleet.bin";
    static final String TOKEN = "admin-token";
    static final String FACTS = "fleet.properties";
    private static final String SLUG = "bench";
    private static final int CONCURRENT_REQUESTS = 64;
    private static final int CHUNK = 10_000;

    private FleetIssuance() {}

    /** Issues {@code devices} devices into {@code directory} unless the fleet file there already holds as many. */
    static void prepare(BenchServer server, Path directory, int devices) throws IOException, InterruptedException {
        Path fleet = directory.resolve(FLEET);
        if (Files.exists(fleet) && Fleet.size(fleet) >= devices) {
            return;
        }
        Files.createDirectories(directory);
        TenantId tenant = benchTenant(server, directory);
        Caller administrator = BenchServer.administrator(tenant, false);
        CertificateAuthority ca = server.bean(CertificateAuthorities.class).ensureIssuing(tenant);
        CertificateIssuance issuance = server.bean(CertificateIssuance.class);
        X509Certificate root =
                server.bean(CertificateAuthorities.class).rootCertificate().orElseThrow();

        long started = System.nanoTime();
        server.registerDevices(administrator, "dev", 0, devices, 5_000);
        List<Fleet.Entry> entries = new ArrayList<>(devices);
        for (int from = 0; from < devices; from += CHUNK) {
            int to = Math.min(devices, from + CHUNK);
            List<BenchDevices.Device> made = BenchDevices.make("dev", from, to);
            var issued = new IssuedCertificate[made.size()];
            Throughput.run(
                    CONCURRENT_REQUESTS,
                    0,
                    made.size(),
                    i -> issued[i] = issuance.enrol(
                            tenant,
                            DeviceId.of(made.get(i).id()),
                            made.get(i).csr(),
                            "bench-" + made.get(i).id()));
            for (int i = 0; i < made.size(); i++) {
                entries.add(new Fleet.Entry(
                        made.get(i).id(), made.get(i).key().getPrivate().getEncoded(), der(issued[i].certificate())));
            }
            System.err.printf(Locale.ROOT, "issued %,d of %,d device certificates%n", to, devices);
        }
        System.err.printf(
                Locale.ROOT,
                "registered and issued %,d devices in %.0f s%n",
                devices,
                (System.nanoTime() - started) / 1e9);

        Files.writeString(directory.resolve("issuing-ca.pem"), PemText.certificate(ca.requireCertificate()));
        Files.writeString(directory.resolve("root.pem"), PemText.certificate(root));
        var facts = new Properties();
        facts.setProperty("ca-id", ca.id().toString());
        facts.setProperty("tenant-id", tenant.value().toString());
        try (var out = Files.newBufferedWriter(directory.resolve(FACTS), StandardCharsets.UTF_8)) {
            facts.store(out, "the benchmark fleet's tenant and issuing CA");
        }
        Fleet.write(fleet, entries);
    }

    private static TenantId benchTenant(BenchServer server, Path directory) {
        return server.bean(TenantDirectory.class).bySlug(SLUG).orElseGet(() -> {
            TenantCreated created =
                    server.bean(TenantService.class).create(server.admin, SLUG, "MQTT benchmark fleet", null);
            SecretFiles.writeString(
                    directory.resolve(TOKEN), created.adminToken().secret());
            return created.tenant().id();
        });
    }

    private static byte[] der(X509Certificate certificate) {
        try {
            return certificate.getEncoded();
        } catch (CertificateEncodingException e) {
            throw new UncheckedIOException(new IOException(e));
        }
    }
}
