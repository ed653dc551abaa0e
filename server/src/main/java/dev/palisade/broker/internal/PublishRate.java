package dev.palisade.broker.internal;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * How fast one device publishes against its allowance, decided on every PUBLISH without a lock or an allocation.
 *
 * <p>Each bucket is a generic cell rate algorithm: one number, the time at which the bucket would be full again (its
 * "theoretical arrival time"). A message costs its refill time; it is admitted if, with its cost added, the bucket
 * would be full again within its depth. Admitting is one compare-and-set; a refusal writes nothing to the bucket.
 *
 * <p>It also follows the device's episodes of excess: an episode starts with a refusal and ends once the device has
 * gone the quiet period without one. A device refused at least once a second for the disconnect time is cut off, once
 * per such run, and held off for the hold-off time. The state is per device, not per connection, so that reconnecting
 * neither refills the bucket nor starts a new episode.
 */
final class PublishRate {

    /** What became of one PUBLISH. */
    enum Verdict {
        ACCEPTED,
        REFUSED,
        /** Refused, and the first refusal of an episode: report it. */
        EPISODE_STARTED,
        /** Refused, and the device has been over its limit long enough: close the session. */
        CUT_OFF
    }

    /** Refusals further apart than this are not one continuous excess. */
    static final long CONTINUOUS_NANOS = 1_000_000_000L;

    private static final long NONE = Long.MIN_VALUE;

    private final RateLimits limits;
    private volatile PublishAllowance allowance;
    private final AtomicLong messagesFullAt = new AtomicLong(NONE);
    private final AtomicLong bytesFullAt = new AtomicLong(NONE);
    private final AtomicLong episodeStart = new AtomicLong(NONE);
    private final AtomicLong refusedInEpisode = new AtomicLong();
    private final AtomicBoolean cutInThisRun = new AtomicBoolean();
    private volatile long lastRefusal = NONE;
    private volatile long overSince = NONE;
    private volatile long heldOffUntil = NONE;

    PublishRate(RateLimits limits, PublishAllowance allowance) {
        this.limits = limits;
        this.allowance = allowance;
    }

    /**
     * Holds the device to {@code replacement} from the next PUBLISH on. A different allowance (its policy changed)
     * starts full; the same one (it reconnected) goes on where it was, so that reconnecting refills nothing.
     */
    void allow(PublishAllowance replacement) {
        if (!replacement.equals(allowance)) {
            allowance = replacement;
            messagesFullAt.set(NONE);
            bytesFullAt.set(NONE);
        }
    }

    PublishAllowance allowance() {
        return allowance;
    }

    /** Whether payload sizes matter: callers need not look at the payload otherwise. */
    boolean countsBytes() {
        return !allowance.unlimited();
    }

    /** Decides a PUBLISH of {@code bytes} of payload at {@code now} (nanoseconds of a monotonic clock). */
    Verdict admit(long bytes, long now) {
        PublishAllowance current = allowance;
        if (current.unlimited()) {
            return Verdict.ACCEPTED;
        }
        long messageCost = current.messageCost();
        if (take(messagesFullAt, now, messageCost, current.messageDepth())) {
            if (take(bytesFullAt, now, current.byteCost(bytes), current.byteDepthNanos())) {
                return Verdict.ACCEPTED;
            }
            // refused for its bytes: the message takes no token either
            messagesFullAt.addAndGet(-messageCost);
        }
        return refused(now);
    }

    private static boolean take(AtomicLong fullAt, long now, long cost, long depth) {
        while (true) {
            long current = fullAt.get();
            long next = (current == NONE || current - now < 0 ? now : current) + cost;
            if (next - now > depth) {
                return false;
            }
            if (fullAt.compareAndSet(current, next)) {
                return true;
            }
        }
    }

    private Verdict refused(long now) {
        long last = lastRefusal;
        lastRefusal = now;
        long start = episodeStart.get();
        if (start == NONE || now - last > limits.quietPeriodNanos()) {
            if (!episodeStart.compareAndSet(start, now)) {
                return Verdict.REFUSED; // another refusal of the same moment started it
            }
            refusedInEpisode.set(1);
            startRun(now);
            return Verdict.EPISODE_STARTED;
        }
        refusedInEpisode.incrementAndGet();
        if (now - last > CONTINUOUS_NANOS) {
            startRun(now);
        }
        long disconnectAfter = limits.disconnectAfterNanos();
        if (disconnectAfter > 0 && now - overSince >= disconnectAfter && cutInThisRun.compareAndSet(false, true)) {
            heldOffUntil = now + limits.holdOffNanos();
            return Verdict.CUT_OFF;
        }
        return Verdict.REFUSED;
    }

    private void startRun(long now) {
        overSince = now;
        cutInThisRun.set(false);
    }

    /** Whether the device was cut off for its rate and may not connect yet at {@code now}. */
    boolean heldOff(long now) {
        long until = heldOffUntil;
        return until != NONE && now - until < 0;
    }

    /** Publishes refused since the current episode began. */
    long refusedInEpisode() {
        return refusedInEpisode.get();
    }

    /** How long the device has been over its limit without a pause, at {@code now}. */
    long overForNanos(long now) {
        long since = overSince;
        return since == NONE ? 0 : now - since;
    }
}
