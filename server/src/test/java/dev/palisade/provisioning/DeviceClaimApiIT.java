package dev.palisade.provisioning;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.support.ApiResponse;
import dev.palisade.support.Manufacturing;
import dev.palisade.support.TenantPki;
import dev.palisade.support.WithServer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The owner's side of claiming through the operator API: a claim is made, listed and cancelled; bad input (a weak
 * code, an expiry out of bounds, a device that cannot be named) is refused with a problem and stores nothing.
 */
class DeviceClaimApiIT extends WithServer {

    private static final String CLAIMS = "/api/v1/provisioning/claims";

    private TenantPki pki;

    @BeforeEach
    void manufacturerIsRegistered() throws Exception {
        pki = new TenantPki(api, newTenant());
        var factory = new Manufacturing(
                Path.of("target/manufacturing", UUID.randomUUID().toString()), "acme");
        expect(api.post("/api/v1/manufacturers", pki.token(), factory.registration()), 201);
    }

    @Test
    void aClaimIsOpenForADayByDefaultAndNamesItsDeviceByTheSerial() {
        ApiResponse created = api.post(CLAIMS, pki.token(), body(Map.of()));

        expect(created, 201);
        assertThat(created.text("state")).isEqualTo("open");
        assertThat(created.text("deviceId")).isEqualTo("SN-A001");
        assertThat(created.text("manufacturer")).isEqualTo("acme");
        assertThat(created.body().path("failedAttempts").asInt()).isZero();
        assertThat(Duration.between(Instant.parse(created.text("createdAt")), Instant.parse(created.text("expiresAt"))))
                .isEqualTo(Duration.ofHours(24));
        assertThat(api.get(CLAIMS + "?state=open", pki.token()).body().path("items"))
                .singleElement()
                .satisfies(item -> assertThat(item.path("id").asString()).isEqualTo(created.text("id")));
        assertThat(api.get(CLAIMS + "?state=used", pki.token()).body().path("items"))
                .isEmpty();
        assertThat(pki.auditRecords("provisioning.claim-created")).hasSize(1);
    }

    @Test
    void weakCodesAreRefused() {
        for (String code :
                new String[] {"K7QM-2X9D-4HRT", "AAAA-AAAA-AAAA-AAAA", "ABCABCABCABCABCABC", "K7QM_2X9D_4HRT_B6WN"}) {
            ApiResponse refused = api.post(CLAIMS, pki.token(), body(Map.of("code", code)));

            assertProblem(refused, 400, "provisioning.claim.weak-code");
            assertThat(refused.text("field")).isEqualTo("code");
        }
        assertNothingStored();
    }

    @Test
    void anExpiryOutOfBoundsOrUnreadableIsRefused() {
        for (String expiry : new String[] {"PT4M", "P31D", "soon", "-PT1H"}) {
            assertProblem(
                    api.post(CLAIMS, pki.token(), body(Map.of("expiresIn", expiry))),
                    400,
                    "provisioning.claim.invalid-expiry");
        }
        expect(api.post(CLAIMS, pki.token(), body(Map.of("serial", "SN-A002", "expiresIn", "PT5M"))), 201);
        expect(api.post(CLAIMS, pki.token(), body(Map.of("serial", "SN-A003", "expiresIn", "P30D"))), 201);
    }

    @Test
    void aDeviceThatCannotBeNamedIsRefused() {
        assertProblem(
                api.post(CLAIMS, pki.token(), body(Map.of("serial", "SN 0001"))),
                400,
                "provisioning.claim.invalid-serial");
        assertProblem(
                api.post(CLAIMS, pki.token(), body(Map.of("serial", "SN:0001"))),
                400,
                "provisioning.claim.invalid-device");
        assertProblem(
                api.post(CLAIMS, pki.token(), body(Map.of("deviceId", "meter/1"))), 400, "identity.device.invalid-id");
        assertProblem(
                api.post(CLAIMS, pki.token(), body(Map.of("model", "m\u00e9ter"))),
                400,
                "provisioning.claim.invalid-model");
        assertProblem(
                api.post(CLAIMS, pki.token(), body(Map.of("manufacturer", "nobody"))),
                404,
                "provisioning.manufacturer.not-found");
        assertNothingStored();
        expect(api.post(CLAIMS, pki.token(), body(Map.of("serial", "SN:0001", "deviceId", "meter-0001"))), 201);
    }

    @Test
    void aRegisteredDeviceNeedsNoClaimAndADeviceHasOneClaimInPlay() {
        expect(api.post("/api/v1/devices", pki.token(), Map.of("id", "meter-a010")), 201);
        pki.issue("meter-a010", "device");
        expect(api.post(CLAIMS, pki.token(), body(Map.of("deviceId", "meter-a011"))), 201);

        ApiResponse registered =
                api.post(CLAIMS, pki.token(), body(Map.of("serial", "SN-A010", "deviceId", "meter-a010")));
        ApiResponse sameDevice =
                api.post(CLAIMS, pki.token(), body(Map.of("serial", "SN-A099", "deviceId", "meter-a011")));
        ApiResponse sameSerial = api.post(CLAIMS, pki.token(), body(Map.of("deviceId", "meter-a012")));

        assertProblem(registered, 409, "provisioning.claim.device-registered");
        assertProblem(sameDevice, 409, "provisioning.claim.exists");
        assertProblem(sameSerial, 409, "provisioning.claim.exists");
    }

    @Test
    void unknownAndMalformedClaimIdsAndStatesAreProblems() {
        assertProblem(api.get(CLAIMS + "/" + UUID.randomUUID(), pki.token()), 404, "provisioning.claim.not-found");
        assertProblem(api.call("DELETE", CLAIMS + "/not-a-uuid", pki.token()), 400, "request.invalid-parameter");
        assertProblem(api.get(CLAIMS + "?state=pending", pki.token()), 400, "request.invalid-parameter");
    }

    @Test
    void aClaimOfAnotherTenantIsNotFoundHere() {
        String claim =
                expect(api.post(CLAIMS, pki.token(), body(Map.of())), 201).text("id");
        var other = newTenant();

        assertProblem(api.get(CLAIMS + "/" + claim, other.adminToken()), 404, "provisioning.claim.not-found");
        assertProblem(
                api.call("DELETE", CLAIMS + "/" + claim, other.adminToken()), 404, "provisioning.claim.not-found");
        assertThat(api.get(CLAIMS + "/" + claim, pki.token()).text("state")).isEqualTo("open");
    }

    @Test
    void anAuditorMayListButNotClaim() {
        TestOperator auditor = newOperator(pki.tenant(), "auditor");

        assertProblem(api.post(CLAIMS, auditor.token(), body(Map.of())), 403, "auth.forbidden");
        expect(api.get(CLAIMS, auditor.token()), 200);
    }

    private static Map<String, Object> body(Map<String, String> overrides) {
        Map<String, Object> body = new HashMap<>(
                Map.of("manufacturer", "acme", "serial", "SN-A001", "code", DeviceClaimIT.code(), "model", "m1"));
        body.putAll(overrides);
        return body;
    }

    private void assertNothingStored() {
        assertThat(api.get(CLAIMS, pki.token()).body().path("items")).isEmpty();
        assertThat(pki.auditRecords("provisioning.claim-created")).isEmpty();
    }

    private static void assertProblem(ApiResponse response, int status, String code) {
        assertThat(response.status()).as(response.rawBody()).isEqualTo(status);
        assertThat(response.code()).as(response.rawBody()).isEqualTo(code);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
    }

    private static ApiResponse expect(ApiResponse response, int status) {
        assertThat(response.status()).as(response.rawBody()).isEqualTo(status);
        return response;
    }
}
