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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * The demo's factory line, zero-touch: a manufacturer registered with the tenant (its bootstrap CA and its
 * manifest-signing key), devices each made with a factory key and a bootstrap certificate from that CA, and the signed
 * manifests that list them imported. Nothing registers the devices: each does so itself at first contact.
 */
final class DemoFactory {

    /** Devices per manifest: a manifest of a few hundred entries stays within the API's default body size. */
    private static final int MANIFEST_SIZE = 100;

    static final String MODEL = "meter-m1";

    /**
     * What firmware 1.4.0 of the model measures at boot (component to SHA-256): the reference values attestation
     * compares each device's signed boot log with.
     */
    static final Map<String, String> MEASUREMENTS = Map.of(
            "bootloader", "1b".repeat(32),
            "kernel", "2c".repeat(32),
            "rootfs", "3d".repeat(32));

    private final ApiClient tenant;
    private final JsonMapper json = JsonMapper.builder().build();

    DemoFactory(ApiClient tenant) {
        this.tenant = tenant;
    }

    /**
     * Registers manufacturer {@code name} and makes {@code count} devices named {@code <prefix>-0001} and up, listed in
     * signed manifests that are imported; returns the devices with their bootstrap credentials.
     */
    List<SimulatedDevice> manufacture(String name, String prefix, int count) throws IOException, InterruptedException {
        var manufacturer = new DemoManufacturer(name);
        tenant.post(
                "/api/v1/manufacturers",
                Map.of(
                        "name",
                        name,
                        "signingKey",
                        PemText.certificate(manufacturer.signer()),
                        "bootstrapCas",
                        List.of(PemText.certificate(manufacturer.ca()))));
        tenant.put("/api/v1/attestation/references/" + MODEL + "/1.4.0", Map.of("measurements", MEASUREMENTS));
        List<SimulatedDevice> devices = new ArrayList<>(count);
        List<Map<String, Object>> entries = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            String id = String.format(Locale.ROOT, "%s-%04d", prefix, i);
            String serial = String.format(Locale.ROOT, "SN-%06d", i);
            KeyPair factoryKey = KeyPairs.p256();
            X509Certificate bootstrap = manufacturer.bootstrap(serial, factoryKey.getPublic());
            devices.add(new SimulatedDevice(
                    id,
                    new DeviceCredential(
                            factoryKey.getPrivate(), List.of(bootstrap, manufacturer.ca()), KeyOrigin.SIMULATED)));
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("deviceId", id);
            entry.put("serial", serial);
            entry.put("model", MODEL);
            entry.put("hardwareRevision", "rev-a");
            entry.put("firmwareVersion", "1.4.0");
            entry.put("bootstrapCertificateSha256", DemoManufacturer.fingerprint(bootstrap));
            entries.add(entry);
            if (entries.size() == MANIFEST_SIZE || i == count) {
                String manifest = json.writeValueAsString(Map.of("devices", entries));
                tenant.post(
                        "/api/v1/manufacturers/" + name + "/manifests",
                        Map.of("signedManifest", manufacturer.sign(manifest)));
                entries = new ArrayList<>();
            }
        }
        return devices;
    }
}
