package dev.palisade.provisioning;

import java.net.URI;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * A tenant's registration settings.
 *
 * @param firmwareFloor the oldest firmware a device may register with; none when null
 * @param modelFloors floors per model, overriding {@code firmwareFloor} for that model
 * @param webhook where the decision input is POSTed as JSON; a 2xx answer in time allows, anything else denies
 * @param attestation the passing attestation a device needs before it registers; none when null
 */
public record ProvisioningPolicy(
        @Nullable FirmwareVersion firmwareFloor,
        SortedMap<String, FirmwareVersion> modelFloors,
        @Nullable URI webhook,
        @Nullable AttestationRequirement attestation) {

    public ProvisioningPolicy {
        modelFloors = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(modelFloors));
    }

    public static ProvisioningPolicy none() {
        return new ProvisioningPolicy(null, new TreeMap<>(), null, null);
    }

    /** The floor that applies to {@code model}: its own, else the tenant's, else none. */
    public @Nullable FirmwareVersion floorFor(@Nullable String model) {
        FirmwareVersion own = model == null ? null : modelFloors.get(model);
        return own != null ? own : firmwareFloor;
    }

    public Map<String, String> modelFloorTexts() {
        var texts = new TreeMap<String, String>();
        modelFloors.forEach((model, floor) -> texts.put(model, floor.text()));
        return texts;
    }
}
