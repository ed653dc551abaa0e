package dev.palisade.agent.sim;

import java.time.Duration;
import java.util.List;

/**
 * A fleet's sessions dropped and connected again at once, as measured by the devices.
 *
 * @param latencies each connection's time from its start (TCP, TLS 1.3 with the device's certificate, MQTT CONNECT)
 *     to the broker's CONNACK, for the devices that connected
 * @param failed devices that did not connect
 * @param elapsed from the first connection's start to the last one's end
 */
public record ConnectionStorm(List<Duration> latencies, long failed, Duration elapsed) {

    public ConnectionStorm {
        latencies = List.copyOf(latencies);
    }

    public long connected() {
        return latencies.size();
    }

    /** Connections completed per second over the storm. */
    public double perSecond() {
        return elapsed.isZero() ? 0 : connected() / (elapsed.toNanos() / 1e9);
    }
}
