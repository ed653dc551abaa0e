package dev.palisade.agent;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Keeps a running device's certificate renewed: sleeps until its {@link RenewalSchedule} says the current certificate
 * is due, renews, and starts over with the new one. A failed renewal is retried after an exponential backoff with full
 * jitter ({@link Backoff}), but never later than halfway to the certificate's end, so attempts keep coming as the end
 * nears; nothing else stops while it retries. Once the certificate has run out without being renewed, the loop ends
 * and says so: only enrolling again with the bootstrap credential helps then.
 *
 * <p>Time is read from the {@link Clock} and waited through the {@link Sleeper}, both injected, and each wait is at
 * most {@link #LONGEST_NAP}, so a device whose clock jumps (a suspend, a first NTP fix) notices within a minute.
 */
public final class RenewalLoop implements Runnable {

    /** The longest single wait: the clock is read again at least this often. */
    static final Duration LONGEST_NAP = Duration.ofMinutes(1);

    /** The shortest wait between two attempts, however close the end. */
    static final Duration SHORTEST_RETRY = Duration.ofSeconds(1);

    /** Renews now: a new certificate, kept durably, and the session moved onto it. */
    @FunctionalInterface
    public interface Renewal {
        void renew() throws Exception;
    }

    /** Hears what the loop does; called on the loop's thread. */
    public interface Listener {

        /** The first renewal time of {@code credential}, or the next one after a renewal. */
        default void scheduled(DeviceCredential credential, Instant renewAt) {}

        void renewed(DeviceCredential previous, DeviceCredential renewed);

        void failed(Exception failure, Instant retryAt);

        /** The certificate ran out unrenewed; the loop has ended. */
        void expired(DeviceCredential credential);
    }

    /** Waits; {@code Thread::sleep} on a device. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    private final Supplier<DeviceCredential> current;
    private final Renewal renewal;
    private final RenewalSchedule schedule;
    private final Backoff retries;
    private final Clock clock;
    private final Sleeper sleeper;
    private final Listener listener;
    private @Nullable DeviceCredential scheduledFor;
    private Instant nextAttempt = Instant.MIN;

    /**
     * @param current the credential in use now; the renewal changes what it returns
     * @param retries the delays between failed attempts
     */
    public RenewalLoop(
            Supplier<DeviceCredential> current,
            Renewal renewal,
            RenewalSchedule schedule,
            Backoff retries,
            Clock clock,
            Sleeper sleeper,
            Listener listener) {
        this.current = current;
        this.renewal = renewal;
        this.schedule = schedule;
        this.retries = retries;
        this.clock = clock;
        this.sleeper = sleeper;
        this.listener = listener;
    }

    /** Until the certificate runs out unrenewed, or the thread is interrupted. */
    @Override
    public void run() {
        try {
            for (Optional<Instant> next = step(); next.isPresent(); next = step()) {
                Duration wait = Duration.between(clock.instant(), next.get());
                if (wait.isPositive()) {
                    sleeper.sleep(wait.compareTo(LONGEST_NAP) > 0 ? LONGEST_NAP : wait);
                }
            }
        } catch (InterruptedException stopped) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Does what is due now: nothing before the renewal time, else one attempt. Returns when to look again, or empty once
     * the certificate has run out unrenewed.
     */
    public Optional<Instant> step() {
        DeviceCredential credential = current.get();
        if (credential != scheduledFor) {
            schedule(credential);
        }
        Instant now = clock.instant();
        if (!now.isBefore(credential.notAfter())) {
            listener.expired(credential);
            return Optional.empty();
        }
        if (now.isBefore(nextAttempt)) {
            return Optional.of(nextAttempt);
        }
        @Nullable Exception failure = null;
        try {
            renewal.renew();
        } catch (Exception e) {
            failure = e;
        }
        DeviceCredential after = current.get();
        if (after != credential) {
            // renewed, even if a later step (the new session) failed: the device holds the new certificate now
            retries.reset();
            listener.renewed(credential, after);
            schedule(after);
        } else {
            nextAttempt = retryTime(now, credential.notAfter());
            listener.failed(failure != null ? failure : new IllegalStateException("nothing was renewed"), nextAttempt);
        }
        return Optional.of(nextAttempt);
    }

    /** When the current certificate is to be renewed, or the next attempt after a failure. */
    public Instant nextAttempt() {
        return nextAttempt;
    }

    private void schedule(DeviceCredential credential) {
        scheduledFor = credential;
        nextAttempt =
                schedule.renewalTime(credential.certificate().getNotBefore().toInstant(), credential.notAfter());
        listener.scheduled(credential, nextAttempt);
    }

    /** The backoff's delay, but at most half the time left, and at least {@link #SHORTEST_RETRY}. */
    private Instant retryTime(Instant now, Instant notAfter) {
        Duration delay = retries.next();
        Duration half = Duration.between(now, notAfter).dividedBy(2);
        if (delay.compareTo(half) > 0) {
            delay = half;
        }
        if (delay.compareTo(SHORTEST_RETRY) < 0) {
            delay = SHORTEST_RETRY;
        }
        return now.plus(delay);
    }
}
