package dev.palisade.agent;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with full jitter: the n-th retry waits a random time between zero and {@code min(cap, base *
 * 2^n)}. The randomness matters more than the growth: after a broker restart a whole fleet loses its sessions at
 * once, and without jitter it would come back at once, again and again.
 */
public final class Backoff {

    private final long baseMillis;
    private final long capMillis;
    private int attempts;

    public Backoff(Duration base, Duration cap) {
        if (base.isNegative() || base.isZero() || cap.compareTo(base) < 0) {
            throw new IllegalArgumentException("need 0 < base <= cap");
        }
        this.baseMillis = base.toMillis();
        this.capMillis = cap.toMillis();
    }

    /** The delay before the next attempt. */
    public synchronized Duration next() {
        long ceiling = attempts >= 30 ? capMillis : Math.min(capMillis, baseMillis << attempts);
        attempts++;
        return Duration.ofMillis(ThreadLocalRandom.current().nextLong(ceiling + 1));
    }

    /** After a success: the next failure starts from the base again. */
    public synchronized void reset() {
        attempts = 0;
    }

    synchronized int attempts() {
        return attempts;
    }
}
