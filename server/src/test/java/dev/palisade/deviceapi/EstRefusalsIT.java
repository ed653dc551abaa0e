package dev.palisade.deviceapi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.support.DeviceKeys;
import dev.palisade.support.EstClients;
import dev.palisade.support.EstClients.Credential;
import dev.palisade.support.TenantPki;
import dev.palisade.support.WithServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.Principal;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * What the EST server refuses, and how: each refusal is a plain-text 4xx (RFC 7030 section 4.2.3) or, for a client
 * certificate that no longer chains to a trusted CA, a failed handshake, and none of them issues anything. The
 * requests are made with the JDK's HTTP client, which sends whatever body it is given. Nor does the endpoint tell a
 * client that has not authenticated which tenants it serves.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EstRefusalsIT extends WithServer {

    private X509Certificate root;
    private @Nullable TestTenant tenant;

    @BeforeEach
    void deviceEndpointIsUp() {
        root = EstClients.awaitDeviceEndpoint(devicePort(), DATA_DIR);
    }

    @Test
    void enrolmentWithoutAClientCertificateIsForbidden() throws Exception {
        Device device = bootstrapped();

        var response = post("simpleenroll", label(), null, request(device.id()));

        assertRefused(response, 403);
        assertThat(pki().serials(device.id())).isEqualTo(device.serials());
    }

    @Test
    void enrolmentWithADeviceCertificateIsForbidden() throws Exception {
        Device device = bootstrapped();
        Credential operational = pki().issue(device.id(), "device");

        var response = post("simpleenroll", label(), operational, request(device.id()));

        assertRefused(response, 403);
        assertThat(response.body()).contains("simplereenroll");
        assertThat(pki().serials(device.id())).hasSize(2);
    }

    @Test
    void reEnrolmentWithABootstrapCertificateIsForbidden() throws Exception {
        Device device = bootstrapped();

        var response = post("simplereenroll", label(), device.bootstrap(), request(device.id()));

        assertRefused(response, 403);
        assertThat(pki().serials(device.id())).isEqualTo(device.serials());
    }

    @Test
    void aRevokedBootstrapCertificateIsRefused() throws Exception {
        Device device = bootstrapped();
        pki().revoke(device.id(), device.bootstrap().certificate());

        Outcome outcome = attempt("simpleenroll", label(), device.bootstrap(), request(device.id()));

        assertThat(outcome.refusedWith(403) || outcome.handshakeFailed())
                .as(outcome.toString())
                .isTrue();
        assertThat(pki().serials(device.id())).isEqualTo(device.serials());
    }

    @Test
    void aRequestNamingAnotherDeviceIsRefused() throws Exception {
        Device device = bootstrapped();
        Device other = bootstrapped();

        var response = post("simpleenroll", label(), device.bootstrap(), request(other.id()));

        assertRefused(response, 400);
        assertThat(response.body()).contains("pki.csr.subject-mismatch");
        assertThat(pki().serials(device.id())).isEqualTo(device.serials());
        assertThat(pki().serials(other.id())).isEqualTo(other.serials());
    }

    @Test
    void bodiesThatAreNotARequestSignedByItsKeyAreRefused() throws Exception {
        Device device = bootstrapped();
        KeyPair claimed = DeviceKeys.p256();
        PKCS10CertificationRequest signedByAnotherKey = new JcaPKCS10CertificationRequestBuilder(
                        new X500Name("CN=" + device.id()), claimed.getPublic())
                .build(new JcaContentSignerBuilder("SHA256withECDSA")
                        .build(DeviceKeys.p256().getPrivate()));
        List<String> bodies = List.of(
                "this is not base64 ~~~",
                "",
                base64(device.bootstrap().certificate().getEncoded()),
                base64(new byte[] {0x30, 0x03, 0x02, 0x01, 0x01}),
                base64(signedByAnotherKey.getEncoded()));

        for (String body : bodies) {
            var response = post("simpleenroll", label(), device.bootstrap(), body);

            assertRefused(response, 400);
        }
        assertThat(pki().serials(device.id())).isEqualTo(device.serials());
    }

    @Test
    void aLabelNamingAnotherTenantIsForbidden() throws Exception {
        Device device = bootstrapped();
        TestTenant other = newTenant();

        var response = post("simpleenroll", other.slug(), device.bootstrap(), request(device.id()));

        assertRefused(response, 403);
        assertThat(pki().serials(device.id())).isEqualTo(device.serials());
    }

    @Test
    void aWrongMethodAnUnknownOperationOrAnEndlessBodyIsRefusedInPlainText() throws Exception {
        Device device = bootstrapped();

        var getEnrol = get("simpleenroll", label());
        var postCaCertificates = post("cacerts", label(), device.bootstrap(), request(device.id()));
        var serverKeyGeneration = post("serverkeygen", label(), device.bootstrap(), request(device.id()));
        var twoLabels = get("cacerts", label() + "/" + label());
        var endless = postStreamed("simpleenroll", device.bootstrap(), new byte[200 * 1024]);

        assertRefused(getEnrol, 405);
        assertThat(getEnrol.headers().firstValue("Allow")).hasValue("POST");
        assertRefused(postCaCertificates, 405);
        assertThat(postCaCertificates.headers().firstValue("Allow")).hasValue("GET");
        assertRefused(serverKeyGeneration, 404);
        assertRefused(twoLabels, 404);
        assertRefused(endless, 413);
        assertThat(pki().serials(device.id())).isEqualTo(device.serials());
    }

    @Test
    void anUnknownLabelIsNotFound() throws Exception {
        Device device = bootstrapped();

        var enrolment = post("simpleenroll", "no-such-tenant", device.bootstrap(), request(device.id()));
        var caCertificates = get("cacerts", "no-such-tenant");
        var csrAttributes = get("csrattrs", "no-such-tenant");

        assertRefused(enrolment, 404);
        assertRefused(caCertificates, 404);
        assertRefused(csrAttributes, 404);
        assertThat(pki().serials(device.id())).isEqualTo(device.serials());
    }

    @Test
    void aKeyAlreadyBoundToAnotherDeviceConflicts() throws Exception {
        Device owner = bootstrapped();
        Device copier = bootstrapped();
        KeyPair shared = DeviceKeys.p256();
        pki().issue(owner.id(), "device", shared);

        var response = post(
                "simpleenroll",
                label(),
                copier.bootstrap(),
                base64(DeviceKeys.request(copier.id(), shared).getEncoded()));

        assertRefused(response, 409);
        assertThat(response.body()).contains("pki.csr.key-in-use");
        assertThat(pki().serials(copier.id())).isEqualTo(copier.serials());
        assertThat(pki().serials(owner.id())).hasSize(2);
    }

    @Test
    void theHandshakeNamesNoTenantsCasToAnAnonymousClient() throws Exception {
        bootstrapped();

        List<Principal> announced = EstClients.announcedIssuers(devicePort(), root);

        assertThat(announced).isEmpty();
    }

    /** A registered device of this class's tenant with a bootstrap certificate from the API. */
    private Device bootstrapped() {
        String id = "dev-" + UUID.randomUUID().toString().substring(0, 8);
        pki().register(id);
        Credential bootstrap = pki().issue(id, "bootstrap");
        return new Device(id, bootstrap, pki().serials(id));
    }

    private record Device(String id, Credential bootstrap, List<String> serials) {}

    private TestTenant tenant() {
        TestTenant current = tenant;
        if (current == null) {
            current = newTenant();
            tenant = current;
        }
        return current;
    }

    private TenantPki pki() {
        return new TenantPki(api, tenant());
    }

    private String label() {
        return tenant().slug();
    }

    private static String request(String deviceId) throws IOException {
        return base64(DeviceKeys.request(deviceId, DeviceKeys.p256()).getEncoded());
    }

    private static String base64(byte[] der) {
        return Base64.getMimeEncoder().encodeToString(der);
    }

    private HttpResponse<String> post(String operation, String label, @Nullable Credential credential, String body)
            throws IOException, InterruptedException {
        String path = "/.well-known/est/" + label + "/" + operation;
        var request = HttpRequest.newBuilder(URI.create("https://localhost:" + devicePort() + path))
                .header("Content-Type", "application/pkcs10")
                .header("Content-Transfer-Encoding", "base64")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.US_ASCII))
                .build();
        try (var client = EstClients.http(root, credential)) {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        }
    }

    /** A POST whose length is not announced (chunked), so that only reading it shows how large it is. */
    private HttpResponse<String> postStreamed(String operation, Credential credential, byte[] body)
            throws IOException, InterruptedException {
        String path = "/.well-known/est/" + label() + "/" + operation;
        var request = HttpRequest.newBuilder(URI.create("https://localhost:" + devicePort() + path))
                .header("Content-Type", "application/pkcs10")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)))
                .build();
        try (var client = EstClients.http(root, credential)) {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        }
    }

    private HttpResponse<String> get(String operation, String label) throws IOException, InterruptedException {
        var request = HttpRequest.newBuilder(
                        URI.create("https://localhost:" + devicePort() + "/.well-known/est/" + label + "/" + operation))
                .build();
        try (var client = EstClients.http(root, null)) {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        }
    }

    /** A request that may also fail in the handshake, when the server refuses the client certificate outright. */
    private Outcome attempt(String operation, String label, Credential credential, String body)
            throws InterruptedException {
        try {
            var response = post(operation, label, credential, body);
            return new Outcome(response.statusCode(), response.body(), null);
        } catch (IOException e) {
            return new Outcome(0, "", e);
        }
    }

    private record Outcome(
            int status, String body, @Nullable IOException failure) {

        boolean refusedWith(int expected) {
            return status == expected;
        }

        /** The connection failed in TLS: an alert, or the server closing it mid-handshake. */
        boolean handshakeFailed() {
            return EstClients.endedInTls(failure);
        }
    }

    private static void assertRefused(HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("text/plain"));
        assertThat(response.body()).isNotBlank().doesNotContain("Exception");
    }
}
