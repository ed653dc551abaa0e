package dev.palisade.agent.sim;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** What the simulated fleet did so far; read while it runs. */
public final class FleetCounters {

    /** A publish the broker answered with "not authorized". */
    public static final String PUBLISH_NOT_AUTHORIZED = "publish not authorized";

    /** A publish the broker refused because the device publishes faster than its limit. */
    public static final String PUBLISH_RATE_TOO_HIGH = "publish rate too high";

    /** A subscription the broker answered with "not authorized". */
    public static final String SUBSCRIBE_NOT_AUTHORIZED = "subscribe not authorized";

    final LongAdder enrolled = new LongAdder();
    final LongAdder enrolmentFailures = new LongAdder();
    final LongAdder connectFailures = new LongAdder();
    final LongAdder connections = new LongAdder();
    final LongAdder sent = new LongAdder();
    final LongAdder acknowledged = new LongAdder();
    final LongAdder refused = new LongAdder();
    final LongAdder failed = new LongAdder();
    final LongAdder otherAccepted = new LongAdder();
    private final Map<String, LongAdder> refusals = new ConcurrentHashMap<>();

    public long enrolled() {
        return enrolled.sum();
    }

    public long enrolmentFailures() {
        return enrolmentFailures.sum();
    }

    public long connectFailures() {
        return connectFailures.sum();
    }

    /** MQTT connections the broker accepted, reconnections and sessions after a renewal included. */
    public long connections() {
        return connections.sum();
    }

    /** Telemetry messages sent (each then acknowledged, refused or failed). */
    public long sent() {
        return sent.sum();
    }

    /** Telemetry messages the broker acknowledged. */
    public long acknowledged() {
        return acknowledged.sum();
    }

    /** Telemetry messages the broker refused: not authorized, or over the device's publish rate. */
    public long refused() {
        return refused.sum();
    }

    /** Telemetry messages that did not get through for another reason. */
    public long failed() {
        return failed.sum();
    }

    /** Messages other than telemetry that the broker acknowledged: a flood's. */
    public long otherAccepted() {
        return otherAccepted.sum();
    }

    /**
     * Everything the broker or the device endpoint refused so far, by reason: publishes and subscriptions not
     * authorized, sessions the broker ended (with its reason code), connections and enrolments refused.
     */
    public Map<String, Long> refusals() {
        Map<String, Long> snapshot = new TreeMap<>();
        refusals.forEach((reason, count) -> snapshot.put(reason, count.sum()));
        return snapshot;
    }

    /** How many refusals of {@code reason} so far. */
    public long refusals(String reason) {
        LongAdder count = refusals.get(reason);
        return count == null ? 0 : count.sum();
    }

    void refusal(String reason) {
        refusals.computeIfAbsent(reason, key -> new LongAdder()).increment();
    }
}
