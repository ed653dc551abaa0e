package dev.palisade.broker;

import java.util.List;

/**
 * A live session as an operator sees it.
 *
 * @param policies what its decisions are compiled from, as {@code name@version}, or {@code built-in:device} / {@code
 *     built-in:quarantine}
 * @param quarantined whether the device is held to its remediation topics
 * @param metrics the device's traffic since the server started, this session and earlier ones
 */
public record LiveSession(ConnectedDevice device, List<String> policies, boolean quarantined, DeviceMetrics metrics) {

    public LiveSession {
        policies = List.copyOf(policies);
    }
}
