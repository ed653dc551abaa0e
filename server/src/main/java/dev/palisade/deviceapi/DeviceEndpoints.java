package dev.palisade.deviceapi;

import dev.palisade.deviceapi.connectors.DeviceConnectors;
import org.springframework.stereotype.Component;

/** Where the device-facing endpoints listen, for the start-up banner and for tests. */
@Component
public class DeviceEndpoints {

    private final DeviceConnectors connectors;

    DeviceEndpoints(DeviceConnectors connectors) {
        this.connectors = connectors;
    }

    public DevicePorts ports() {
        return connectors.ports();
    }
}
