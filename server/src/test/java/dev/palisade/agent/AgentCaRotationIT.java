package dev.palisade.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.support.EstClients;
import dev.palisade.support.EstClients.Credential;
import dev.palisade.support.RootCeremony;
import dev.palisade.support.TenantPki;
import dev.palisade.support.WithServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A device through its tenant's CA rotation: enrolled under the old issuing CA, it renews while both are trusted, gets
 * its certificate from the new one with the new CA in its chain, and stays connected once the old CA is retired.
 */
class AgentCaRotationIT extends WithServer {

    @TempDir
    Path work;

    @Test
    void aDeviceRenewsOntoTheNewCaDuringTheOverlapAndOutlivesTheOldOne() throws Exception {
        var tenant = newTenant();
        var pki = new TenantPki(api, tenant);
        pki.register("gw-1");
        Credential issued = pki.issue("gw-1", "bootstrap");
        var endpoints = new Endpoints("localhost", devicePort(), mqttPort(), EstClients.root(DATA_DIR));
        var device = new ManagedDevice(
                "gw-1",
                endpoints,
                new EstEnrolment(endpoints, tenant.slug(), new SoftwareKeys(KeyOrigin.SOFTWARE)),
                new RenewalSchedule(new SplittableRandom()),
                Clock.systemUTC(),
                (agent, state, why) -> {});

        try (device) {
            device.start(new DeviceCredential(issued.key(), issued.chain(), KeyOrigin.SOFTWARE));
            var oldCa = Objects.requireNonNull(device.credential()).chain().get(1);
            String oldCaId = pki.authorities().getFirst().path("id").asString();
            String newCaId =
                    api.post("/api/v1/ca", tenant.adminToken(), Map.of()).text("id");
            String csr = api.get("/api/v1/ca/" + newCaId + "/csr", tenant.adminToken())
                    .text("pem");
            api.put(
                    "/api/v1/ca/" + newCaId + "/certificate",
                    tenant.adminToken(),
                    Map.of("certificate", new RootCeremony(DATA_DIR, work).signIntermediate(csr)));
            var newCa = pki.activeCaCertificate();

            device.renew();
            var renewed = Objects.requireNonNull(device.credential());
            Outcome duringOverlap = publish(device);
            int retired = api.post("/api/v1/ca/" + oldCaId + "/retire", tenant.adminToken(), Map.of())
                    .status();
            device.renew();
            Outcome afterRetirement = publish(device);

            assertThat(newCa).isNotEqualTo(oldCa);
            assertThat(renewed.chain()).containsExactly(renewed.certificate(), newCa);
            renewed.certificate().verify(newCa.getPublicKey());
            assertThat(duringOverlap).isEqualTo(Outcome.ACCEPTED);
            assertThat(retired).isEqualTo(200);
            assertThat(afterRetirement)
                    .as("renewed under the new CA, the device outlives the old one")
                    .isEqualTo(Outcome.ACCEPTED);
        }
    }

    private static Outcome publish(ManagedDevice device) throws Exception {
        return Objects.requireNonNull(device.agent())
                .publishTelemetry("power", "{\"power\":1}".getBytes(StandardCharsets.UTF_8))
                .get(10, TimeUnit.SECONDS);
    }
}
