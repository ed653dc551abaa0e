package dev.palisade.support;

import dev.palisade.pki.x509.PemText;
import dev.palisade.support.EstClients.Credential;
import dev.palisade.support.WithServer.TestTenant;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * One tenant's devices, certificates and CAs through the operator API, as its administrator: what a test needs before
 * a device can talk to the device endpoint, and what it reads afterwards to see what changed.
 */
public final class TenantPki {

    private final TestApi api;
    private final String token;

    public TenantPki(TestApi api, TestTenant tenant) {
        this.api = api;
        this.token = tenant.adminToken();
    }

    public void register(String deviceId) {
        expect(api.post("/api/v1/devices", token, Map.of("id", deviceId)), 201);
    }

    /** A certificate of {@code profile} (device or bootstrap) for a fresh key, issued through the API. */
    public Credential issue(String deviceId, String profile) {
        return issue(deviceId, profile, DeviceKeys.p256());
    }

    public Credential issue(String deviceId, String profile, KeyPair key) {
        ApiResponse issued = expect(
                api.post(
                        "/api/v1/devices/" + deviceId + "/certificates",
                        token,
                        Map.of("csr", DeviceKeys.requestPem(deviceId, key), "profile", profile)),
                201);
        List<X509Certificate> chain = new ArrayList<>(PemText.parseCertificates(issued.text("certificate")));
        chain.addAll(PemText.parseCertificates(issued.text("chain")));
        return new Credential(key.getPrivate(), chain.subList(0, 2));
    }

    /** Serials (hex) of the device's certificates, newest first. */
    public List<String> serials(String deviceId) {
        ApiResponse list = expect(api.get("/api/v1/devices/" + deviceId + "/certificates?limit=100", token), 200);
        List<String> serials = new ArrayList<>();
        list.body()
                .path("items")
                .forEach(item -> serials.add(item.path("serial").asString()));
        return serials;
    }

    /** Revokes one of the device's certificates. */
    public void revoke(String deviceId, X509Certificate certificate) {
        String serial = certificate.getSerialNumber().toString(16);
        ApiResponse list = expect(api.get("/api/v1/devices/" + deviceId + "/certificates?limit=100", token), 200);
        for (JsonNode item : list.body().path("items")) {
            if (item.path("serial").asString().equals(serial)) {
                String path = "/api/v1/certificates/" + item.path("issuer").asString() + "/" + serial + "/revoke";
                expect(api.post(path, token, Map.of("reason", "key-compromise")), 200);
                return;
            }
        }
        throw new IllegalStateException("device " + deviceId + " has no certificate " + serial);
    }

    /** The device's lifecycle state (provisioned, active …). */
    public String state(String deviceId) {
        return expect(api.get("/api/v1/devices/" + deviceId, token), 200).text("state");
    }

    /** The tenant's CAs as the API shows them. */
    public List<JsonNode> authorities() {
        List<JsonNode> authorities = new ArrayList<>();
        expect(api.get("/api/v1/ca", token), 200).body().forEach(authorities::add);
        return authorities;
    }

    public JsonNode authority(String caId) {
        return expect(api.get("/api/v1/ca/" + caId, token), 200).body();
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

    /** The tenant's audit records with {@code action}, oldest first. */
    public List<JsonNode> auditRecords(String action) {
        List<JsonNode> records = new ArrayList<>();
        String cursor = null;
        do {
            ApiResponse page = expect(
                    api.get("/api/v1/audit/records?limit=100" + (cursor == null ? "" : "&cursor=" + cursor), token),
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
}
