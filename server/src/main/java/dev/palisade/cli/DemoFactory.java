package dev.palisade.cli;

import dev.palisade.agent.DeviceCredential;
import dev.palisade.agent.KeyOrigin;
import dev.palisade.agent.KeyPairs;
import dev.palisade.agent.sim.SimulatedDevice;
import dev.palisade.agent.sim.TelemetryProfile;
import dev.palisade.cli.simulate.DeviceGroup;
import dev.palisade.pki.x509.PemText;
import java.io.IOException;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

/**
 * The demo's factory line, zero-touch: a manufacturer registered with the tenant (its bootstrap CA and its
 * manifest-signing key), devices each made with a factory key and a bootstrap certificate from that CA, and the signed
 * manifests that list them imported. Nothing registers the devices: each does so itself at first contact. Scenario
 * runs use the same line for their fleets.
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

    /** Devices alike, as one run of the line makes them. */
    private record Batch(
            List<String> ids,
            String model,
            String hardwareRevision,
            String firmware,
            @Nullable TelemetryProfile telemetry) {}

    private final ApiClient tenant;
    private final JsonMapper json = JsonMapper.builder().build();

    DemoFactory(ApiClient tenant) {
        this.tenant = tenant;
    }

    /**
     * Registers manufacturer {@code name} and the reference values of the demo's model, and makes {@code count}
     * devices named {@code <prefix>-0001} and up, listed in signed manifests that are imported; returns the devices
     * with their bootstrap credentials.
     */
    List<SimulatedDevice> manufacture(String name, String prefix, int count) throws IOException, InterruptedException {
        var manufacturer = register(name);
        tenant.put("/api/v1/attestation/references/" + MODEL + "/1.4.0", Map.of("measurements", MEASUREMENTS));
        List<String> ids = IntStream.rangeClosed(1, count)
                .mapToObj(i -> String.format(Locale.ROOT, "%s-%04d", prefix, i))
                .toList();
        return make(manufacturer, name, List.of(new Batch(ids, MODEL, "rev-a", "1.4.0", null)));
    }

    /** Registers manufacturer {@code name} and makes the devices of {@code groups}, each with its group's telemetry. */
    List<SimulatedDevice> manufacture(String name, List<DeviceGroup> groups) throws IOException, InterruptedException {
        var manufacturer = register(name);
        List<Batch> batches = groups.stream()
                .map(group -> new Batch(
                        group.deviceIds(),
                        group.model(),
                        group.hardwareRevision(),
                        group.firmware(),
                        group.telemetry()))
                .toList();
        return make(manufacturer, name, batches);
    }

    private DemoManufacturer register(String name) throws IOException, InterruptedException {
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
        return manufacturer;
    }

    private List<SimulatedDevice> make(DemoManufacturer manufacturer, String name, List<Batch> batches)
            throws IOException, InterruptedException {
        List<SimulatedDevice> devices = new ArrayList<>();
        List<Map<String, Object>> entries = new ArrayList<>();
        int serial = 0;
        int total = batches.stream().mapToInt(batch -> batch.ids().size()).sum();
        for (Batch batch : batches) {
            for (String id : batch.ids()) {
                String serialNumber = String.format(Locale.ROOT, "SN-%06d", ++serial);
                KeyPair factoryKey = KeyPairs.p256();
                X509Certificate bootstrap = manufacturer.bootstrap(serialNumber, factoryKey.getPublic());
                devices.add(new SimulatedDevice(
                        id,
                        new DeviceCredential(
                                factoryKey.getPrivate(), List.of(bootstrap, manufacturer.ca()), KeyOrigin.SIMULATED),
                        batch.telemetry()));
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("deviceId", id);
                entry.put("serial", serialNumber);
                entry.put("model", batch.model());
                entry.put("hardwareRevision", batch.hardwareRevision());
                entry.put("firmwareVersion", batch.firmware());
                entry.put("bootstrapCertificateSha256", DemoManufacturer.fingerprint(bootstrap));
                entries.add(entry);
                if (entries.size() == MANIFEST_SIZE || serial == total) {
                    String manifest = json.writeValueAsString(Map.of("devices", entries));
                    tenant.post(
                            "/api/v1/manufacturers/" + name + "/manifests",
                            Map.of("signedManifest", manufacturer.sign(manifest)));
                    entries = new ArrayList<>();
                }
            }
        }
        return devices;
    }
}
