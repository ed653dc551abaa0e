package dev.palisade.agent.sim;

import dev.palisade.agent.DeviceCredential;
import org.jspecify.annotations.Nullable;

/**
 * A device as it leaves the factory: its id, the bootstrap credential it enrols with, and how it sends telemetry.
 *
 * @param telemetry its telemetry, or null for the simulator's default
 */
public record SimulatedDevice(
        String id, DeviceCredential bootstrap, @Nullable TelemetryProfile telemetry) {

    /** A device with the simulator's default telemetry. */
    public SimulatedDevice(String id, DeviceCredential bootstrap) {
        this(id, bootstrap, null);
    }
}
