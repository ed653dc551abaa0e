package dev.palisade.agent;

import java.time.Duration;
import java.time.Instant;
import java.util.random.RandomGenerator;

/**
 * When a device renews its certificate: at a random point between 60 % and 80 % of its lifetime. Early enough that a
 * failed renewal can be retried many times before the certificate expires; spread, so that a fleet enrolled in one
 * hour does not renew in one minute thirty days later.
 */
public final class RenewalSchedule {

    private static final double EARLIEST = 0.6;
    private static final double LATEST = 0.8;

    private final RandomGenerator random;

    public RenewalSchedule(RandomGenerator random) {
        this.random = random;
    }

    /** When to renew the certificate valid from {@code notBefore} to {@code notAfter}. */
    public Instant renewalTime(Instant notBefore, Instant notAfter) {
        if (!notAfter.isAfter(notBefore)) {
            throw new IllegalArgumentException("the certificate's validity ends before it starts");
        }
        long lifetime = Duration.between(notBefore, notAfter).toMillis();
        double fraction = EARLIEST + random.nextDouble() * (LATEST - EARLIEST);
        return notBefore.plusMillis((long) (lifetime * fraction));
    }

    /** Whether {@code credential} is due for renewal at {@code now}, given the time chosen for it. */
    public static boolean isDue(Instant renewalTime, Instant now) {
        return !now.isBefore(renewalTime);
    }
}
