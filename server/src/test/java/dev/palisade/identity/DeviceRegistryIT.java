package dev.palisade.identity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.support.ApiResponse;
import dev.palisade.support.WithServer;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DeviceRegistryIT extends WithServer {

    @Test
    void aRegisteredDeviceIsProvisionedAndAudited() {
        TestTenant tenant = newTenant();

        ApiResponse registered = api.post("/api/v1/devices", tenant.adminToken(), Map.of("id", "meter-0042"));
        ApiResponse shown = api.get("/api/v1/devices/meter-0042", tenant.adminToken());

        assertThat(registered.status()).isEqualTo(201);
        assertThat(shown.text("state")).isEqualTo("provisioned");
        long size = api.get("/api/v1/audit/checkpoints/latest", tenant.adminToken())
                .body()
                .path("treeSize")
                .asLong();
        var last = api.get("/api/v1/audit/records/" + (size - 1), tenant.adminToken())
                .body();
        assertThat(last.path("action").asString()).isEqualTo("device.registered");
        assertThat(last.path("target").asString()).isEqualTo("device:meter-0042");
    }

    @Test
    void aDeviceIdIsUniqueWithinItsTenantOnly() {
        TestTenant one = newTenant();
        TestTenant other = newTenant();
        api.post("/api/v1/devices", one.adminToken(), Map.of("id", "gw-1"));

        ApiResponse again = api.post("/api/v1/devices", one.adminToken(), Map.of("id", "gw-1"));
        ApiResponse elsewhere = api.post("/api/v1/devices", other.adminToken(), Map.of("id", "gw-1"));

        assertThat(again.status()).isEqualTo(409);
        assertThat(again.code()).isEqualTo("identity.device.exists");
        assertThat(elsewhere.status()).isEqualTo(201);
    }

    @Test
    void idsThatCouldBreakTopicsSubjectsOrUrisAreRefused() {
        TestTenant tenant = newTenant();

        for (String bad :
                new String[] {"a+b", "a#", "a/b", "$SYS", "*", "a b", "a:b", "", "-lead", "x".repeat(129), "nul\u0000"
                }) {
            ApiResponse response = api.post("/api/v1/devices", tenant.adminToken(), Map.of("id", bad));

            assertThat(response.status()).as(bad).isEqualTo(400);
            assertThat(response.text("field")).as(bad).isEqualTo("id");
        }
    }

    @Test
    void devicesAreListedInIdOrderAndFilteredByState() {
        TestTenant tenant = newTenant();
        for (String id : new String[] {"c-3", "a-1", "b-2"}) {
            api.post("/api/v1/devices", tenant.adminToken(), Map.of("id", id));
        }

        ApiResponse all = api.get("/api/v1/devices?limit=2", tenant.adminToken());
        ApiResponse rest = api.get("/api/v1/devices?cursor=" + all.text("nextCursor"), tenant.adminToken());
        ApiResponse active = api.get("/api/v1/devices?state=active", tenant.adminToken());
        ApiResponse badState = api.get("/api/v1/devices?state=happy", tenant.adminToken());

        assertThat(all.body().path("items").get(0).path("id").asString()).isEqualTo("a-1");
        assertThat(rest.body().path("items").get(0).path("id").asString()).isEqualTo("c-3");
        assertThat(active.body().path("items").size()).isZero();
        assertThat(badState.text("field")).isEqualTo("state");
    }
}
