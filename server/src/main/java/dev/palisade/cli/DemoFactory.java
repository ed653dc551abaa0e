package dev.palisade.cli;

import dev.palisade.agent.DeviceCredential;
import dev.palisade.agent.KeyOrigin;
import dev.palisade.agent.KeyPairs;
import dev.palisade.agent.sim.SimulatedDevice;
import dev.palisade.pki.x509.PemText;
import java.io.IOException;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * The demo's factory line: registers each device with the tenant and gives it a bootstrap certificate (profile {@code
 * bootstrap}: it may only enrol), the credential a device leaves the factory with. The key is made here, in memory,
 * and flagged simulated.
 */
final class DemoFactory {

    private final ApiClient tenant;

    DemoFactory(ApiClient tenant) {
        this.tenant = tenant;
    }

    /** {@code count} devices named {@code <prefix>-0001} and up, registered and holding bootstrap credentials. */
    List<SimulatedDevice> manufacture(String prefix, int count) throws IOException, InterruptedException {
        List<SimulatedDevice> devices = new ArrayList<>(count);
        for (int i = 1; i <= count; i++) {
            String id = String.format(Locale.ROOT, "%s-%04d", prefix, i);
            tenant.post("/api/v1/devices", Map.of("id", id));
            devices.add(new SimulatedDevice(id, bootstrap(id)));
        }
        return devices;
    }

    private DeviceCredential bootstrap(String id) throws IOException, InterruptedException {
        KeyPair pair = KeyPairs.p256();
        String csr = PemText.certificationRequest(KeyPairs.request(id, pair).getEncoded());
        JsonNode issued =
                tenant.post("/api/v1/devices/" + id + "/certificates", Map.of("csr", csr, "profile", "bootstrap"));
        List<X509Certificate> chain = new ArrayList<>();
        chain.addAll(PemText.parseCertificates(issued.path("certificate").asString()));
        chain.addAll(PemText.parseCertificates(issued.path("chain").asString()));
        return new DeviceCredential(pair.getPrivate(), chain, KeyOrigin.SIMULATED);
    }
}
