package dev.palisade.agent;

import java.time.Duration;
import java.time.Instant;
import java.util.random.RandomGenerator;
import org.jspecify.annotations.Nullable;

/**
 * When a device renews its certificate: at a random point between 60 % and 80 % of its lifetime. Early enough that a
 * failed renewal can be retried many times before the certificate expires; spread, so that a fleet enrolled in one
 * hour does not renew in one minute thirty days later.
 *
 * <p>A device may also set a deadline: renew once no more than {@code renewBefore} of the validity is left, if the
 * random point has not come first. The deadline is the same for every device that sets it, so it spreads nothing: keep
 * it below a fifth of the lifetime, where the random point comes first, unless the device must hold a certificate
 * with some validity left at all times.
 */
public final class RenewalSchedule {

    private static final double EARLIEST = 0.6;
    private static final double LATEST = 0.8;

    private final RandomGenerator random;
    private final @Nullable Duration renewBefore;

    public RenewalSchedule(RandomGenerator random) {
        this(random, null);
    }

    /** @param renewBefore renew at the latest when this much validity is left; null for no deadline */
    public RenewalSchedule(RandomGenerator random, @Nullable Duration renewBefore) {
        if (renewBefore != null && (renewBefore.isNegative() || renewBefore.isZero())) {
            throw new IllegalArgumentException("renew-before is a positive duration");
        }
        this.random = random;
        this.renewBefore = renewBefore;
    }

    /** When to renew the certificate valid from {@code notBefore} to {@code notAfter}. */
    public Instant renewalTime(Instant notBefore, Instant notAfter) {
        if (!notAfter.isAfter(notBefore)) {
            throw new IllegalArgumentException("the certificate's validity ends before it starts");
        }
        long lifetime = Duration.between(notBefore, notAfter).toMillis();
        double fraction = EARLIEST + random.nextDouble() * (LATEST - EARLIEST);
        Instant scheduled = notBefore.plusMillis((long) (lifetime * fraction));
        if (renewBefore == null) {
            return scheduled;
        }
        Instant deadline = notAfter.minus(renewBefore);
        if (deadline.isBefore(notBefore)) {
            return notBefore;
        }
        return deadline.isBefore(scheduled) ? deadline : scheduled;
    }

    /** Whether {@code credential} is due for renewal at {@code now}, given the time chosen for it. */
    public static boolean isDue(Instant renewalTime, Instant now) {
        return !now.isBefore(renewalTime);
    }
}
