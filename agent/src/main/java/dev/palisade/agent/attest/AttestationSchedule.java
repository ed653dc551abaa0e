package dev.palisade.agent.attest;

import java.time.Duration;
import java.time.Instant;
import java.util.random.RandomGenerator;

/**
 * When a running device attests again: every interval, moved earlier by up to a fifth of it at random. Never later
 * than the interval, so a device whose interval is the tenant's re-attestation interval (less the server's check
 * period) is never overdue; spread, so that a fleet started in one minute does not attest in one minute ever after.
 * The first attestation of a run comes within the first fifth of the interval: a restarted device may have been away
 * long enough that its last pass is old.
 */
public final class AttestationSchedule {

    /** How much earlier than the interval an attestation may come, as a fraction of it. */
    static final double JITTER = 0.2;

    private final Duration interval;
    private final RandomGenerator random;

    public AttestationSchedule(Duration interval, RandomGenerator random) {
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("the attestation interval is a positive duration");
        }
        this.interval = interval;
        this.random = random;
    }

    public Duration interval() {
        return interval;
    }

    /** The first attestation of a run started at {@code start}. */
    public Instant first(Instant start) {
        return start.plusMillis((long) (interval.toMillis() * JITTER * random.nextDouble()));
    }

    /** The next attestation after one that ended at {@code previous}, passed or failed. */
    public Instant next(Instant previous) {
        double fraction = 1 - JITTER * random.nextDouble();
        return previous.plusMillis((long) (interval.toMillis() * fraction));
    }
}
