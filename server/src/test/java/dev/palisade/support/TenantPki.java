package dev.palisade.support;

import dev.palisade.pki.x509.PemText;
import dev.palisade.support.EstClients.Credential;
import dev.palisade.support.WithServer.TestTenant;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/**
 * One tenant's devices, certificates and CAs through the operator API, as its administrator: what a test needs before
 * a device can talk to the device endpoint, what it reads afterwards to see what changed, and the numbers that show
 * whether a refused request changed anything (certificates per device, audit log size).
 *
 * <p>Methods named after an action ({@link #issue}, {@link #certify}, {@link #register}) fail unless the server does
 * it; {@link #requestCertificate} and {@link #revoke(String, String, String)} return whatever the server answers, for
 * tests of refusals.
 */
public final class TenantPki {

    private final TestApi api;
    private final TestTenant tenant;

    public TenantPki(TestApi api, TestTenant tenant) {
        this.api = api;
        this.tenant = tenant;
    }

    public TestTenant tenant() {
        return tenant;
    }

    /** The token of the tenant's administrator. */
    public String token() {
        return tenant.adminToken();
    }

    public void register(String deviceId) {
        expect(api.post("/api/v1/devices", token(), Map.of("id", deviceId)), 201);
    }

    /** Registers a device named {@code prefix} plus a random suffix and returns its id. */
    public String newDevice(String prefix) {
        String id = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        register(id);
        return id;
    }

    /** The device's lifecycle state (provisioned, active …). */
    public String state(String deviceId) {
        return expect(api.get("/api/v1/devices/" + deviceId, token()), 200).text("state");
    }

    /** A certificate of {@code profile} (device or bootstrap) for a fresh key, issued through the API. */
    public Credential issue(String deviceId, String profile) {
        return issue(deviceId, profile, DeviceKeys.p256());
    }

    public Credential issue(String deviceId, String profile, KeyPair key) {
        Issued issued = Issued.of(requestCertificate(
                deviceId, Map.of("csr", DeviceKeys.requestPem(deviceId, key), "profile", profile), Map.of()));
        List<X509Certificate> chain = new ArrayList<>();
        chain.add(issued.certificate());
        chain.add(issued.chain().getFirst());
        return new Credential(key.getPrivate(), chain);
    }

    /** A device certificate for {@code csr} (PEM) with the profile's default lifetime; fails unless issued. */
    public Issued certify(String deviceId, String csr) {
        return Issued.of(requestCertificate(deviceId, csr));
    }

    /** Asks for a device certificate for {@code csr} (PEM) and returns the server's answer, whatever it is. */
    public ApiResponse requestCertificate(String deviceId, String csr) {
        return requestCertificate(deviceId, Map.of("csr", csr), Map.of());
    }

    /** Posts {@code body} to the device's certificates with {@code headers} and returns the server's answer. */
    public ApiResponse requestCertificate(String deviceId, Map<String, ?> body, Map<String, String> headers) {
        return api.post("/api/v1/devices/" + deviceId + "/certificates", token(), body, headers);
    }

    /** The certificate resource (with PEM), as {@code GET /api/v1/certificates/{ca}/{serial}} shows it. */
    public ApiResponse certificate(String issuer, String serial) {
        return api.get("/api/v1/certificates/" + issuer + "/" + serial, token());
    }

    /** Serials (hex) of the device's certificates, newest first. */
    public List<String> serials(String deviceId) {
        ApiResponse list = expect(api.get("/api/v1/devices/" + deviceId + "/certificates?limit=500", token()), 200);
        List<String> serials = new ArrayList<>();
        list.body()
                .path("items")
                .forEach(item -> serials.add(item.path("serial").asString()));
        return serials;
    }

    /** Revokes one of the device's certificates for key compromise; fails unless revoked. */
    public void revoke(String deviceId, X509Certificate certificate) {
        String serial = certificate.getSerialNumber().toString(16);
        ApiResponse list = expect(api.get("/api/v1/devices/" + deviceId + "/certificates?limit=500", token()), 200);
        for (JsonNode item : list.body().path("items")) {
            if (item.path("serial").asString().equals(serial)) {
                expect(revoke(item.path("issuer").asString(), serial, "key-compromise"), 200);
                return;
            }
        }
        throw new IllegalStateException("device " + deviceId + " has no certificate " + serial);
    }

    /** Asks to revoke a certificate for {@code reason} and returns the server's answer, whatever it is. */
    public ApiResponse revoke(String issuer, String serial, String reason) {
        return api.post("/api/v1/certificates/" + issuer + "/" + serial + "/revoke", token(), Map.of("reason", reason));
    }

    /** The tenant's CAs as the API shows them. */
    public List<JsonNode> authorities() {
        List<JsonNode> authorities = new ArrayList<>();
        expect(api.get("/api/v1/ca", token()), 200).body().forEach(authorities::add);
        return authorities;
    }

    public JsonNode authority(String caId) {
        return expect(api.get("/api/v1/ca/" + caId, token()), 200).body();
    }

    /** The certificate of the tenant's active CA. */
    public X509Certificate activeCaCertificate() {
        for (JsonNode ca : authorities()) {
            if (ca.path("status").asString().equals("active")) {
                return PemText.parseCertificates(ca.path("certificate").asString())
                        .getFirst();
            }
        }
        throw new IllegalStateException("the tenant has no active CA");
    }

    /** The offline root's certificate (PEM), the trust anchor of every tenant. */
    public String rootPem() {
        return expect(api.get("/api/v1/ca/root", token()), 200).text("pem");
    }

    /** How many records the tenant's audit log holds. */
    public long auditSize() {
        return expect(api.get("/api/v1/audit/checkpoints/latest", token()), 200)
                .body()
                .path("treeSize")
                .asLong();
    }

    /** The tenant's audit records from {@code index} on, in order. */
    public List<JsonNode> auditRecordsFrom(long index) {
        List<JsonNode> records = new ArrayList<>();
        long size = auditSize();
        for (long i = index; i < size; i++) {
            records.add(
                    expect(api.get("/api/v1/audit/records/" + i, token()), 200).body());
        }
        return records;
    }

    /** The tenant's audit records with {@code action}, oldest first. */
    public List<JsonNode> auditRecords(String action) {
        List<JsonNode> records = new ArrayList<>();
        String cursor = null;
        do {
            ApiResponse page = expect(
                    api.get("/api/v1/audit/records?limit=100" + (cursor == null ? "" : "&cursor=" + cursor), token()),
                    200);
            page.body().path("items").forEach(record -> {
                if (record.path("action").asString().equals(action)) {
                    records.add(record);
                }
            });
            JsonNode next = page.body().path("nextCursor");
            cursor = next.isString() ? next.asString() : null;
        } while (cursor != null);
        return records;
    }

    private static ApiResponse expect(ApiResponse response, int status) {
        if (response.status() != status) {
            throw new IllegalStateException(
                    "expected " + status + ", got " + response.status() + ": " + response.rawBody());
        }
        return response;
    }

    /**
     * An issued certificate as the API returned it.
     *
     * @param chain the issuing CA's certificate, then the root's
     */
    public record Issued(
            String issuer, String serial, X509Certificate certificate, List<X509Certificate> chain, JsonNode body) {

        public static Issued of(ApiResponse response) {
            JsonNode body = expect(response, 201).body();
            return new Issued(
                    body.path("issuer").asString(),
                    body.path("serial").asString(),
                    PemText.parseCertificates(body.path("certificate").asString())
                            .getFirst(),
                    PemText.parseCertificates(body.path("chain").asString()),
                    body);
        }

        public BigInteger serialNumber() {
            return new BigInteger(serial, 16);
        }

        public String certificatePem() {
            return body.path("certificate").asString();
        }

        /** The issuing CA's certificate, PEM. */
        public String issuingPem() {
            return PemText.certificate(chain.getFirst());
        }
    }
}
