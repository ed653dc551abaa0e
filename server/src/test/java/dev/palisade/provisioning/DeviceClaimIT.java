package dev.palisade.provisioning;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.support.ApiResponse;
import dev.palisade.support.DeviceKeys;
import dev.palisade.support.EstClients;
import dev.palisade.support.Manufacturing;
import dev.palisade.support.Superuser;
import dev.palisade.support.TenantPki;
import dev.palisade.support.WithServer;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * A device that no manifest lists (bought at retail), holding its manufacturer's bootstrap certificate and the claim
 * code on its label, is claimed by its owner through the operator API. Over real TLS client authentication it asks
 * for a nonce, proves it holds the code by signing the nonce with its bootstrap key, and then its first contact over
 * EST registers and enrols it, consuming the claim. Every way of getting that wrong is refused with a reason code,
 * changes nothing and is audited.
 */
class DeviceClaimIT extends WithServer {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String ALPHABET = "ABCDEFGHJKMNPQRSTVWXYZ0123456789";

    private X509Certificate root;
    private TenantPki pki;
    private Manufacturing factory;

    @BeforeEach
    void manufacturerIsRegistered() throws Exception {
        root = EstClients.awaitDeviceEndpoint(devicePort(), DATA_DIR);
        pki = new TenantPki(api, newTenant());
        factory = new Manufacturing(
                Path.of("target/manufacturing", UUID.randomUUID().toString()), "acme");
        expect(api.post("/api/v1/manufacturers", pki.token(), factory.registration()), 201);
    }

    @Test
    void claimedDeviceProvesItsCodeAndEnrolsThroughFirstContact() throws Exception {
        ClaimingDevice device = device("SN-C001");
        String code = code();
        String claim = createClaim("SN-C001", "meter-c001", code);
        HttpResponse<String> early = device.enrolRaw("meter-c001");

        ApiResponse proven = device.claim(code);
        KeyPair key = DeviceKeys.p256();
        X509Certificate operational = device.enrol("meter-c001", key);

        assertThat(early.statusCode()).isEqualTo(403);
        assertThat(early.body()).contains("provisioning.claim-not-proven");
        assertThat(proven.status()).as(proven.rawBody()).isEqualTo(200);
        assertThat(proven.text("deviceId")).isEqualTo("meter-c001");
        assertThat(proven.text("claimId")).isEqualTo(claim);
        operational.verify(pki.activeCaCertificate().getPublicKey());
        assertThat(operational.getPublicKey()).isEqualTo(key.getPublic());
        assertThat(pki.state("meter-c001")).isEqualTo("active");
        assertThat(claim(claim).path("state").asString()).isEqualTo("used");
        JsonNode registered = pki.auditRecords("provisioning.registered").getFirst();
        assertThat(registered.path("target").asString()).isEqualTo("device:meter-c001");
        assertThat(registered.path("details").path("via").asString()).isEqualTo("claim");
        assertThat(registered.path("details").path("claim").asString()).isEqualTo(claim);
        assertThat(pki.auditRecords("provisioning.claim-proven")).hasSize(1);
        assertThat(api.get("/api/v1/devices/meter-c001", pki.token())
                        .body()
                        .path("attributes")
                        .path("model")
                        .asString())
                .isEqualTo("m1");
    }

    @Test
    void withoutAClaimTheDeviceIsNotInAnyManifest() throws Exception {
        ClaimingDevice device = device("SN-C002");

        HttpResponse<String> enrolment = device.enrolRaw("SN-C002");
        ApiResponse nonce = device.nonceRequest();

        assertThat(enrolment.statusCode()).isEqualTo(403);
        assertThat(enrolment.body()).contains("provisioning.not-in-manifest");
        assertThat(nonce.status()).isEqualTo(404);
        assertThat(nonce.code()).isEqualTo("provisioning.claim-not-found");
        assertThat(api.get("/api/v1/devices/SN-C002", pki.token()).status()).isEqualTo(404);
        assertAuditedRefusal("provisioning.claim-refused", "provisioning.claim-not-found");
    }

    @Test
    void wrongCodesAreCountedAndTheClaimLocksAtTheLimit() throws Exception {
        ClaimingDevice device = device("SN-C003");
        String code = code();
        String claim = createClaim("SN-C003", "meter-c003", code);
        String kept = device.nonce();

        List<ApiResponse> wrong = new java.util.ArrayList<>();
        for (int i = 0; i < 5; i++) {
            wrong.add(device.claim(code()));
        }
        ApiResponse rightTooLate = device.prove(kept, code);
        ApiResponse nonceAfter = device.nonceRequest();

        assertThat(wrong).allSatisfy(refused -> {
            assertThat(refused.status()).isEqualTo(403);
            assertThat(refused.code()).isEqualTo("provisioning.claim-wrong-code");
        });
        assertThat(wrong.get(0).body().path("detail").asString()).contains("4 attempts left");
        assertThat(wrong.get(4).body().path("detail").asString()).contains("locked");
        assertThat(rightTooLate.status()).isEqualTo(409);
        assertThat(rightTooLate.code()).isEqualTo("provisioning.claim-locked");
        assertThat(nonceAfter.code()).isEqualTo("provisioning.claim-locked");
        JsonNode locked = claim(claim);
        assertThat(locked.path("state").asString()).isEqualTo("locked");
        assertThat(locked.path("failedAttempts").asInt()).isEqualTo(5);
        assertThat(pki.auditRecords("provisioning.claim-locked")).hasSize(1);
        assertAuditedRefusal("provisioning.claim-refused", "provisioning.claim-wrong-code");
        assertThat(device.enrolRaw("meter-c003").body()).contains("provisioning.claim-locked");
    }

    @Test
    void replayedNonceIsRefusedAndChangesNothing() throws Exception {
        ClaimingDevice device = device("SN-C004");
        String code = code();
        String claim = createClaim("SN-C004", "meter-c004", code);
        String nonce = device.nonce();
        ApiResponse first = device.prove(nonce, code());

        ApiResponse replayed = device.prove(nonce, code);

        assertThat(first.code()).isEqualTo("provisioning.claim-wrong-code");
        assertThat(replayed.status()).isEqualTo(409);
        assertThat(replayed.code()).isEqualTo("provisioning.claim-nonce-replayed");
        JsonNode open = claim(claim);
        assertThat(open.path("state").asString()).isEqualTo("open");
        assertThat(open.path("failedAttempts").asInt()).isEqualTo(1);
        assertAuditedRefusal("provisioning.claim-refused", "provisioning.claim-nonce-replayed");
    }

    @Test
    void expiredNonceIsRefused() throws Exception {
        ClaimingDevice device = device("SN-C005");
        String code = code();
        String claim = createClaim("SN-C005", "meter-c005", code);
        String nonce = device.nonce();
        ageNonces(claim);

        ApiResponse late = device.prove(nonce, code);

        assertThat(late.status()).isEqualTo(409);
        assertThat(late.code()).isEqualTo("provisioning.claim-nonce-expired");
        assertThat(claim(claim).path("state").asString()).isEqualTo("open");
        assertAuditedRefusal("provisioning.claim-refused", "provisioning.claim-nonce-expired");
    }

    @Test
    void expiredClaimIsRefusedEvenOnceProven() throws Exception {
        ClaimingDevice device = device("SN-C006");
        String code = code();
        String claim = createClaim("SN-C006", "meter-c006", code);
        expect(device.claim(code), 200);
        expire(claim);

        HttpResponse<String> enrolment = device.enrolRaw("meter-c006");
        ApiResponse nonce = device.nonceRequest();

        assertThat(enrolment.statusCode()).isEqualTo(403);
        assertThat(enrolment.body()).contains("provisioning.claim-expired");
        assertThat(nonce.code()).isEqualTo("provisioning.claim-expired");
        assertThat(claim(claim).path("state").asString()).isEqualTo("expired");
        assertThat(api.get("/api/v1/devices/meter-c006", pki.token()).status()).isEqualTo(404);
        assertThat(api.get("/api/v1/provisioning/claims?state=expired", pki.token())
                        .body()
                        .path("items"))
                .singleElement()
                .satisfies(item -> assertThat(item.path("id").asString()).isEqualTo(claim));
        assertAuditedRefusal("provisioning.registration-refused", "provisioning.claim-expired");
    }

    @Test
    void aClaimRegistersItsDeviceOnce() throws Exception {
        ClaimingDevice device = device("SN-C007");
        String code = code();
        createClaim("SN-C007", "meter-c007", code);
        expect(device.claim(code), 200);
        device.enrol("meter-c007", DeviceKeys.p256());
        List<String> serials = pki.serials("meter-c007");

        HttpResponse<String> again = device.enrolRaw("meter-c007");
        ApiResponse proofAgain = device.nonceRequest();

        assertThat(again.statusCode()).isEqualTo(403);
        assertThat(again.body()).contains("provisioning.claim-used");
        assertThat(proofAgain.code()).isEqualTo("provisioning.claim-used");
        assertThat(pki.serials("meter-c007")).isEqualTo(serials);
        assertAuditedRefusal("provisioning.registration-refused", "provisioning.claim-used");
    }

    @Test
    void cancelledClaimNoLongerLetsTheDeviceInAndMakesRoomForANewOne() throws Exception {
        ClaimingDevice device = device("SN-C008");
        String code = code();
        String claim = createClaim("SN-C008", "meter-c008", code);
        expect(device.claim(code), 200);
        ApiResponse second = api.post("/api/v1/provisioning/claims", pki.token(), claimBody("SN-C008", null, code()));

        ApiResponse cancelled = api.call("DELETE", "/api/v1/provisioning/claims/" + claim, pki.token());
        ApiResponse cancelledAgain = api.call("DELETE", "/api/v1/provisioning/claims/" + claim, pki.token());
        HttpResponse<String> enrolment = device.enrolRaw("meter-c008");

        assertThat(second.status()).isEqualTo(409);
        assertThat(second.code()).isEqualTo("provisioning.claim.exists");
        assertThat(cancelled.status()).as(cancelled.rawBody()).isEqualTo(200);
        assertThat(cancelled.text("state")).isEqualTo("cancelled");
        assertThat(cancelledAgain.status()).isEqualTo(409);
        assertThat(cancelledAgain.code()).isEqualTo("provisioning.claim.not-cancellable");
        assertThat(enrolment.body()).contains("provisioning.claim-cancelled");
        assertThat(pki.auditRecords("provisioning.claim-cancelled")).hasSize(1);
        String fresh = code();
        createClaim("SN-C008", "meter-c008", fresh);
        expect(device.claim(fresh), 200);
        device.enrol("meter-c008", DeviceKeys.p256());
        assertThat(pki.state("meter-c008")).isEqualTo("active");
    }

    @Test
    void aProofSignedByAnotherKeyIsRefusedAndNotCounted() throws Exception {
        ClaimingDevice device = device("SN-C009");
        String code = code();
        String claim = createClaim("SN-C009", "meter-c009", code);

        ApiResponse forged =
                device.proveSignedBy(device.nonce(), code, DeviceKeys.p256().getPrivate());

        assertThat(forged.status()).isEqualTo(403);
        assertThat(forged.code()).isEqualTo("provisioning.claim-signature-invalid");
        assertThat(claim(claim).path("failedAttempts").asInt()).isZero();
        assertThat(claim(claim).path("state").asString()).isEqualTo("open");
    }

    @Test
    void theConditionsOfRegistrationStillApplyToAClaimedDevice() throws Exception {
        ClaimingDevice device = device("SN-C010");
        String code = code();
        createClaim("SN-C010", "meter-c010", code);
        expect(device.claim(code), 200);
        expect(api.put("/api/v1/recalls/serial/SN-C010", pki.token(), Map.of("reason", "batch flaw")), 201);

        HttpResponse<String> recalled = device.enrolRaw("meter-c010");

        assertThat(recalled.body()).contains("provisioning.recalled");
        assertThat(api.get("/api/v1/devices/meter-c010", pki.token()).status()).isEqualTo(404);
        expect(api.call("DELETE", "/api/v1/recalls/serial/SN-C010", pki.token()), 204);
        device.enrol("meter-c010", DeviceKeys.p256());
        assertThat(pki.state("meter-c010")).isEqualTo("active");
    }

    @Test
    void anotherTenantsClaimDoesNotLetTheDeviceIn() throws Exception {
        var other = new TenantPki(api, newTenant());
        expect(api.post("/api/v1/manufacturers", other.token(), factory.registration()), 201);
        ClaimingDevice device = device("SN-C011");
        ClaimingDevice elsewhere = device.at(other.tenant().slug());
        String code = code();
        createClaim("SN-C011", "meter-c011", code);
        String nonceOfThisTenant = device.nonce();

        HttpResponse<String> enrolmentElsewhere = elsewhere.enrolRaw("meter-c011");
        ApiResponse nonceElsewhere = elsewhere.nonceRequest();
        ApiResponse foreignNonce = elsewhere.prove(nonceOfThisTenant, code);
        ApiResponse proven = device.prove(nonceOfThisTenant, code);
        HttpResponse<String> stillElsewhere = elsewhere.enrolRaw("meter-c011");

        assertThat(enrolmentElsewhere.body()).contains("provisioning.not-in-manifest");
        assertThat(nonceElsewhere.code()).isEqualTo("provisioning.claim-not-found");
        assertThat(foreignNonce.code()).isEqualTo("provisioning.claim-nonce-unknown");
        assertThat(proven.status())
                .as("the foreign attempt did not spend this tenant's nonce")
                .isEqualTo(200);
        assertThat(stillElsewhere.body()).contains("provisioning.not-in-manifest");
        assertThat(api.get("/api/v1/devices/meter-c011", other.token()).status())
                .isEqualTo(404);
        assertThat(api.get("/api/v1/provisioning/claims", other.token()).body().path("items"))
                .isEmpty();
        device.enrol("meter-c011", DeviceKeys.p256());
        assertThat(pki.state("meter-c011")).isEqualTo("active");
    }

    @Test
    void theCodeIsNeverStoredNorAuditedInClear() throws Exception {
        String code = code();
        String claim = createClaim("SN-C012", "meter-c012", code);

        String row;
        try (Connection superuser = Superuser.connect(dataSource, DATA_DIR);
                PreparedStatement select =
                        superuser.prepareStatement("select row_to_json(c)::text from device_claim c where id = ?")) {
            select.setObject(1, UUID.fromString(claim));
            var rows = select.executeQuery();
            rows.next();
            row = rows.getString(1);
        }

        String normalised = code.replace("-", "");
        assertThat(row).doesNotContain(normalised).doesNotContain(code).contains("code_hash");
        assertThat(pki.auditRecords("provisioning.claim-created"))
                .singleElement()
                .satisfies(record -> assertThat(record.toString()).doesNotContain(normalised));
        assertThat(claim(claim).toString()).doesNotContain(normalised).doesNotContain("code");
    }

    private ClaimingDevice device(String serial) throws Exception {
        return new ClaimingDevice(
                devicePort(), root, factory.bootstrap(serial), pki.tenant().slug());
    }

    private String createClaim(String serial, String deviceId, String code) {
        return expect(api.post("/api/v1/provisioning/claims", pki.token(), claimBody(serial, deviceId, code)), 201)
                .text("id");
    }

    private static Map<String, Object> claimBody(String serial, @Nullable String deviceId, String code) {
        Map<String, Object> body = new HashMap<>(Map.of("manufacturer", "acme", "serial", serial, "code", code));
        if (deviceId != null) {
            body.put("deviceId", deviceId);
        }
        body.put("model", "m1");
        return body;
    }

    private JsonNode claim(String id) {
        return expect(api.get("/api/v1/provisioning/claims/" + id, pki.token()), 200)
                .body();
    }

    /** A code as a label carries it: 20 random characters in groups of four. */
    static String code() {
        var code = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            if (i > 0 && i % 4 == 0) {
                code.append('-');
            }
            code.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return code.toString();
    }

    /** Makes the claim's nonces a lifetime old: no test sleeps for them to expire. */
    private void ageNonces(String claim) throws Exception {
        update(
                "update device_claim_nonce set issued_at = now() - interval '1 hour', expires_at = now() - interval"
                        + " '1 minute' where claim_id = ?",
                claim);
    }

    /** Makes the claim's time run out. */
    private void expire(String claim) throws Exception {
        update(
                "update device_claim set created_at = now() - interval '2 days', expires_at = now() - interval"
                        + " '1 minute' where id = ?",
                claim);
    }

    private void update(String sql, String claim) throws Exception {
        try (Connection superuser = Superuser.connect(dataSource, DATA_DIR);
                PreparedStatement update = superuser.prepareStatement(sql)) {
            update.setObject(1, UUID.fromString(claim));
            assertThat(update.executeUpdate()).isPositive();
        }
    }

    private void assertAuditedRefusal(String action, String reason) {
        assertThat(pki.auditRecords(action)).anySatisfy(record -> {
            assertThat(record.path("outcome").asString()).isEqualTo("refused");
            assertThat(record.path("details").path("reason").asString()).isEqualTo(reason);
        });
    }

    private static ApiResponse expect(ApiResponse response, int status) {
        assertThat(response.status()).as(response.rawBody()).isEqualTo(status);
        return response;
    }
}
