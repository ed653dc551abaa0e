package dev.palisade.agent.sim;

import java.util.concurrent.atomic.LongAdder;

/** What the simulated fleet did so far; read while it runs. */
public final class FleetCounters {

    final LongAdder enrolled = new LongAdder();
    final LongAdder enrolmentFailures = new LongAdder();
    final LongAdder connectFailures = new LongAdder();
    final LongAdder acknowledged = new LongAdder();
    final LongAdder refused = new LongAdder();
    final LongAdder failed = new LongAdder();

    public long enrolled() {
        return enrolled.sum();
    }

    public long enrolmentFailures() {
        return enrolmentFailures.sum();
    }

    public long connectFailures() {
        return connectFailures.sum();
    }

    /** Telemetry messages the broker acknowledged. */
    public long acknowledged() {
        return acknowledged.sum();
    }

    /** Telemetry messages the broker refused as not authorized. */
    public long refused() {
        return refused.sum();
    }

    /** Telemetry messages that did not get through for another reason. */
    public long failed() {
        return failed.sum();
    }
}
