package dev.palisade.cli.simulate;

import dev.palisade.agent.sim.TelemetryProfile;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;

/**
 * Devices alike: made by the same line (model, hardware revision, firmware in their manifest entries) and sending
 * telemetry the same way. They are named after the group: {@code meter-0001}, {@code meter-0002} …
 */
public record DeviceGroup(
        String name, String model, String hardwareRevision, String firmware, int count, TelemetryProfile telemetry) {

    /** The ids of the group's devices, in order. */
    public List<String> deviceIds() {
        int width = Math.max(4, Integer.toString(count).length());
        return IntStream.rangeClosed(1, count)
                .mapToObj(i -> String.format(Locale.ROOT, "%s-%0" + width + "d", name, i))
                .toList();
    }
}
