package dev.palisade.agent.sim;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How a simulated device sends its telemetry: a measurement every {@code interval}, each one moved by up to {@code
 * jitter} either way (so that devices enrolled together do not stay in step), of exactly {@code payloadBytes}.
 *
 * @param payloadBytes the size of each message's payload: the measurement, padded to the size with a filler field
 */
public record TelemetryProfile(Duration interval, int payloadBytes, Duration jitter) {

    /** A measurement of power and voltage with the filler field around it: nothing smaller can be sent. */
    public static final int MIN_PAYLOAD_BYTES = 40;

    /** Well below the broker's default packet limit (256 KiB), with room for the topic and properties. */
    public static final int MAX_PAYLOAD_BYTES = 65_536;

    public static final Duration MIN_INTERVAL = Duration.ofMillis(10);

    /** The measurement without padding: 31 bytes, since both values always print with three digits and one decimal. */
    private static final String MEASUREMENT = "{\"power\":%.1f,\"voltage\":%.1f";

    public TelemetryProfile {
        if (interval.compareTo(MIN_INTERVAL) < 0) {
            throw new IllegalArgumentException("the telemetry interval must be at least " + MIN_INTERVAL.toMillis()
                    + " ms, not " + interval.toMillis() + " ms");
        }
        if (payloadBytes < MIN_PAYLOAD_BYTES || payloadBytes > MAX_PAYLOAD_BYTES) {
            throw new IllegalArgumentException("the payload size must be between " + MIN_PAYLOAD_BYTES + " and "
                    + MAX_PAYLOAD_BYTES + " bytes, not " + payloadBytes);
        }
        if (jitter.isNegative() || jitter.compareTo(interval) >= 0) {
            throw new IllegalArgumentException("the jitter must be at least 0 and less than the interval ("
                    + interval.toMillis() + " ms), not " + jitter.toMillis() + " ms");
        }
    }

    /** A measurement every {@code interval}, with no jitter, at the smallest size. */
    public static TelemetryProfile every(Duration interval) {
        return new TelemetryProfile(interval, MIN_PAYLOAD_BYTES, Duration.ZERO);
    }

    /** The delay before the next measurement: the interval, moved by a random amount within the jitter. */
    public Duration nextDelay() {
        long jitterNanos = jitter.toNanos();
        long shift = jitterNanos == 0 ? 0 : ThreadLocalRandom.current().nextLong(-jitterNanos, jitterNanos + 1);
        return interval.plusNanos(shift);
    }

    /** A fresh measurement, padded to exactly {@link #payloadBytes}. */
    public byte[] payload() {
        String measurement = String.format(
                Locale.ROOT,
                MEASUREMENT,
                200 + ThreadLocalRandom.current().nextDouble(50),
                229 + ThreadLocalRandom.current().nextDouble(1.9));
        String padding = "x".repeat(Math.max(0, payloadBytes - measurement.length() - ",\"pad\":\"\"}".length()));
        return (measurement + ",\"pad\":\"" + padding + "\"}").getBytes(StandardCharsets.US_ASCII);
    }
}
