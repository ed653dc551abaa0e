package dev.palisade.pki;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.pki.x509.PemText;
import dev.palisade.support.ApiResponse;
import dev.palisade.support.DeviceKeys;
import dev.palisade.support.EstClients;
import dev.palisade.support.EstClients.Credential;
import dev.palisade.support.RootCeremony;
import dev.palisade.support.TenantPki;
import dev.palisade.support.WithServer;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.bouncycastle.est.ESTException;
import org.bouncycastle.est.ESTService;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * A manual rotation of a tenant's issuing CA with two trust anchors at once: a new CA is introduced, signed offline
 * with {@code palisade ca sign-intermediate} and imported; devices holding certificates of the old CA re-enrol from
 * the new one while both are trusted; then the old one is retired and no longer trusted anywhere.
 */
class CaRotationIT extends WithServer {

    @TempDir
    Path work;

    private X509Certificate root;
    private RootCeremony ceremony;

    @BeforeEach
    void deviceEndpointIsUp() {
        root = EstClients.awaitDeviceEndpoint(devicePort(), DATA_DIR);
        ceremony = new RootCeremony(DATA_DIR, work);
    }

    @Test
    void devicesMoveToTheNewCaWhileBothAreTrustedAndTheRetiredOneIsRefused() throws Exception {
        TestTenant tenant = newTenant();
        var pki = new TenantPki(api, tenant);
        pki.register("gw-1");
        Credential fromOldCa = pki.issue("gw-1", "device");
        String oldCa = pki.authorities().getFirst().path("id").asString();
        X509Certificate oldCaCertificate = pki.activeCaCertificate();
        // asked before the rotation too: the answer the endpoint keeps must follow the CAs
        List<X509Certificate> servedBefore = caCertificates(tenant);

        ApiResponse introduced = api.post("/api/v1/ca", tenant.adminToken(), Map.of());
        String newCa = introduced.text("id");
        String csr =
                api.get("/api/v1/ca/" + newCa + "/csr", tenant.adminToken()).text("pem");
        ApiResponse imported = api.put(
                "/api/v1/ca/" + newCa + "/certificate",
                tenant.adminToken(),
                Map.of("certificate", ceremony.signIntermediate(csr)));
        X509Certificate newCaCertificate = pki.activeCaCertificate();
        List<X509Certificate> servedDuringRotation = caCertificates(tenant);
        KeyPair nextKey = DeviceKeys.p256();
        X509Certificate fromNewCa = EstClients.certificates(EstClients.est(devicePort(), tenant.slug(), root, fromOldCa)
                        .simpleEnroll(true, DeviceKeys.request("gw-1", nextKey), null)
                        .getStore())
                .getFirst();

        assertThat(introduced.status()).isEqualTo(201);
        assertThat(introduced.text("status")).isEqualTo("pending");
        assertThat(imported.status()).as(imported.rawBody()).isEqualTo(200);
        assertThat(statusesOf(pki)).isEqualTo(Map.of(oldCa, "retiring", newCa, "active"));
        assertThat(servedBefore).containsExactlyInAnyOrder(oldCaCertificate, root);
        assertThat(servedDuringRotation).containsExactlyInAnyOrder(newCaCertificate, oldCaCertificate, root);
        fromNewCa.verify(newCaCertificate.getPublicKey());
        assertThat(fromNewCa.getIssuerX500Principal()).isEqualTo(newCaCertificate.getSubjectX500Principal());
        assertThat(fromNewCa.getPublicKey()).isEqualTo(nextKey.getPublic());

        ApiResponse retired = api.post("/api/v1/ca/" + oldCa + "/retire", tenant.adminToken(), Map.of());
        List<X509Certificate> servedAfterRetirement = caCertificates(tenant);
        List<String> serialsBefore = pki.serials("gw-1");
        Throwable refusal = refusal(EstClients.est(devicePort(), tenant.slug(), root, fromOldCa));
        var current = new Credential(nextKey.getPrivate(), List.of(fromNewCa, newCaCertificate));
        KeyPair lastKey = DeviceKeys.p256();
        X509Certificate renewed = EstClients.certificates(EstClients.est(devicePort(), tenant.slug(), root, current)
                        .simpleEnroll(true, DeviceKeys.request("gw-1", lastKey), null)
                        .getStore())
                .getFirst();

        assertThat(retired.status()).as(retired.rawBody()).isEqualTo(200);
        assertThat(statusesOf(pki)).isEqualTo(Map.of(oldCa, "retired", newCa, "active"));
        assertThat(servedAfterRetirement).containsExactlyInAnyOrder(newCaCertificate, root);
        assertThat(refusedAtTheDeviceEndpoint(refusal))
                .as(String.valueOf(refusal))
                .isTrue();
        assertThat(renewed.getPublicKey()).isEqualTo(lastKey.getPublic());
        assertThat(pki.serials("gw-1"))
                .hasSize(serialsBefore.size() + 1)
                .first()
                .isEqualTo(renewed.getSerialNumber().toString(16));
    }

    @Test
    void importsThatAreNotTheRootsCertificateForThePendingKeyAreRefusedAndChangeNothing() throws Exception {
        TestTenant tenant = newTenant();
        var pki = new TenantPki(api, tenant);
        pki.register("gw-1");
        pki.issue("gw-1", "device");
        String pending = api.post("/api/v1/ca", tenant.adminToken(), Map.of()).text("id");
        String csr =
                api.get("/api/v1/ca/" + pending + "/csr", tenant.adminToken()).text("pem");
        Map<String, String> before = statusesOf(pki);
        var forgeries = new ForgedCaCertificates(root, csr);
        Map<String, String> uploads = Map.of(
                "root's certificate for another key", ceremony.signIntermediate(forgeries.requestForAnotherKey()),
                "self-signed", PemText.certificate(forgeries.selfSigned()),
                "the pending key, signed by an impostor root", PemText.certificate(forgeries.byImpostorRoot()),
                "the root itself", PemText.certificate(root),
                "garbage", "-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydGlmaWNhdGU=\n-----END CERTIFICATE-----\n",
                "not PEM", "hello");

        for (var upload : uploads.entrySet()) {
            ApiResponse response = api.put(
                    "/api/v1/ca/" + pending + "/certificate",
                    tenant.adminToken(),
                    Map.of("certificate", upload.getValue()));

            assertThat(response.status()).as(upload.getKey()).isEqualTo(400);
            assertThat(response.code()).as(upload.getKey()).isEqualTo("pki.ca.invalid-certificate");
            assertThat(statusesOf(pki)).as(upload.getKey()).isEqualTo(before);
        }
        ApiResponse genuine = api.put(
                "/api/v1/ca/" + pending + "/certificate",
                tenant.adminToken(),
                Map.of("certificate", ceremony.signIntermediate(csr)));
        assertThat(genuine.status()).as(genuine.rawBody()).isEqualTo(200);
    }

    @Test
    void onlyAPendingCaTakesACertificateOnlyARetiringOneRetiresAndOnlyOneIsPending() {
        TestTenant tenant = newTenant();
        var pki = new TenantPki(api, tenant);
        pki.register("gw-1");
        pki.issue("gw-1", "device");
        JsonNode active = pki.authorities().getFirst();
        String activeId = active.path("id").asString();

        ApiResponse reimport = api.put(
                "/api/v1/ca/" + activeId + "/certificate",
                tenant.adminToken(),
                Map.of("certificate", active.path("certificate").asString()));
        ApiResponse retireActive = api.post("/api/v1/ca/" + activeId + "/retire", tenant.adminToken(), Map.of());
        ApiResponse introduced = api.post("/api/v1/ca", tenant.adminToken(), Map.of());
        ApiResponse second = api.post("/api/v1/ca", tenant.adminToken(), Map.of());
        ApiResponse retirePending =
                api.post("/api/v1/ca/" + introduced.text("id") + "/retire", tenant.adminToken(), Map.of());

        assertThat(reimport.status()).isEqualTo(409);
        assertThat(reimport.code()).isEqualTo("pki.ca.not-pending");
        assertThat(retireActive.status()).isEqualTo(409);
        assertThat(retireActive.code()).isEqualTo("pki.ca.not-retiring");
        assertThat(introduced.status()).isEqualTo(201);
        assertThat(second.status()).isEqualTo(409);
        assertThat(second.code()).isEqualTo("pki.ca.pending-exists");
        assertThat(retirePending.status()).isEqualTo(409);
        assertThat(statusesOf(pki)).isEqualTo(Map.of(activeId, "active", introduced.text("id"), "pending"));
    }

    /** Each of the tenant's CAs by id, with its status. */
    private static Map<String, String> statusesOf(TenantPki pki) {
        Map<String, String> statuses = new HashMap<>();
        pki.authorities()
                .forEach(ca ->
                        statuses.put(ca.path("id").asString(), ca.path("status").asString()));
        return statuses;
    }

    private List<X509Certificate> caCertificates(TestTenant tenant) throws ESTException {
        return EstClients.certificates(EstClients.est(devicePort(), tenant.slug(), root, null)
                .getCACerts()
                .getCertificateStore());
    }

    /** What re-enrolling with {@code client}'s credential throws; fails the test when it succeeds. */
    private static Throwable refusal(ESTService client) {
        try {
            client.simpleEnroll(true, DeviceKeys.request("gw-1", DeviceKeys.p256()), null);
        } catch (Exception e) {
            return e;
        }
        throw new AssertionError("the device endpoint accepted a certificate of a retired CA");
    }

    /** Refused by the server: a 403, or a connection it ended in TLS. */
    private static boolean refusedAtTheDeviceEndpoint(Throwable failure) {
        return (failure instanceof ESTException est && est.getStatusCode() == 403) || EstClients.endedInTls(failure);
    }
}
