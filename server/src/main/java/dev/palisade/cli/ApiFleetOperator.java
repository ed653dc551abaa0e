package dev.palisade.cli;

import dev.palisade.agent.sim.SimulatedDevice;
import dev.palisade.cli.simulate.DeviceGroup;
import dev.palisade.cli.simulate.FleetOperator;
import dev.palisade.pki.x509.PemText;
import java.io.IOException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * The operator's side of a scenario run, through the operator API: the platform administrator creates the run's
 * tenant, whose administrator then does everything else. A CA rotation has the offline root sign the new CA, as the
 * operator's ceremony would.
 */
final class ApiFleetOperator implements FleetOperator {

    /** How long the new CA of a rotation is valid. */
    private static final int NEW_CA_DAYS = 365;

    private final ApiClient platform;
    private final OfflineRootSigner root;
    private final boolean rotates;
    private @Nullable ApiClient tenant;

    /** @param rotates whether the run rotates the CA: the offline root must then be at hand, checked before it starts */
    ApiFleetOperator(ApiClient platform, OfflineRootSigner root, boolean rotates) {
        this.platform = platform;
        this.root = root;
        this.rotates = rotates;
    }

    @Override
    public String createTenant(String name) throws IOException, InterruptedException {
        byte[] suffix = new byte[3];
        ThreadLocalRandom.current().nextBytes(suffix);
        String slug = name + "-" + HexFormat.of().formatHex(suffix);
        JsonNode created = platform.post("/api/v1/tenants", Map.of("slug", slug, "displayName", "Scenario " + name));
        tenant = platform.withToken(created.path("adminToken").path("secret").asString());
        return slug;
    }

    @Override
    public X509Certificate root() throws IOException, InterruptedException {
        // a server's first start makes the root moments after it is up: only then can its files be looked for
        X509Certificate certificate = DemoTour.awaitRoot(tenant());
        if (rotates && !root.present()) {
            throw new IllegalStateException("the scenario rotates the CA, which needs the offline root: no root.p12 and"
                    + " root-certificate.pem in " + root.directory() + " (pass --offline-root DIR)");
        }
        return certificate;
    }

    @Override
    public List<SimulatedDevice> manufacture(List<DeviceGroup> groups) throws IOException, InterruptedException {
        return new DemoFactory(tenant()).manufacture("scenario-factory", groups);
    }

    @Override
    public void revoke(String deviceId, String reason) throws IOException, InterruptedException {
        tenant().post("/api/v1/devices/" + deviceId + "/revoke-certificates", Map.of("reason", reason));
    }

    @Override
    public long refusalsCounted(String deviceId) throws IOException, InterruptedException {
        JsonNode metrics = tenant().get("/api/v1/devices/" + deviceId + "/mqtt-metrics");
        // refused by policy, by action, and refused for publishing faster than its limit
        long total = metrics.path("rateLimited").asLong();
        for (JsonNode count : metrics.path("denied")) {
            total += count.asLong();
        }
        return total;
    }

    @Override
    public CaRotation rotateCa() throws IOException, InterruptedException {
        @Nullable String active = null;
        for (JsonNode ca : tenant().get("/api/v1/ca")) {
            if (ca.path("status").asString().equals("active")) {
                active = ca.path("id").asString();
            }
        }
        if (active == null) {
            throw new IllegalStateException("the tenant has no active CA to rotate from");
        }
        String introduced = tenant().post("/api/v1/ca", Map.of()).path("id").asString();
        String csr =
                tenant().get("/api/v1/ca/" + introduced + "/csr").path("pem").asString();
        String certificate = root.sign(csr, NEW_CA_DAYS);
        tenant().put("/api/v1/ca/" + introduced + "/certificate", Map.of("certificate", certificate));
        return new CaRotation(active, PemText.parseCertificates(certificate).getFirst());
    }

    @Override
    public void retireCa(String caId) throws IOException, InterruptedException {
        tenant().post("/api/v1/ca/" + caId + "/retire", Map.of());
    }

    /** The run's tenant, as its administrator. */
    ApiClient tenant() {
        ApiClient current = tenant;
        if (current == null) {
            throw new IllegalStateException("no tenant yet: createTenant comes first");
        }
        return current;
    }
}
