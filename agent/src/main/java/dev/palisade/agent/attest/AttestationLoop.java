package dev.palisade.agent.attest;

import dev.palisade.agent.Backoff;
import dev.palisade.agent.RenewalLoop;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * Attests a running device again and again, as its {@link AttestationSchedule} says. The server decides what a
 * verdict means (a failure may quarantine the device, which the broker applies to the live session at once): the loop
 * only tells its {@link Listener} and attests again at the next scheduled time. An attempt that did not reach a verdict
 * (the server unreachable, the TPM busy, a nonce that expired on the way) is retried after an exponential backoff with
 * full jitter, never later than one interval; a refusal of the evidence itself waits for the next scheduled time, as
 * the same evidence would be refused again.
 *
 * <p>Time is read from the injected {@link Clock} and waited through the injected sleeper, at most {@link
 * #LONGEST_NAP} at a time, so a clock that jumps is noticed within a minute.
 */
public final class AttestationLoop implements Runnable {

    /** The longest single wait. */
    static final Duration LONGEST_NAP = Duration.ofMinutes(1);

    /** The shortest wait before a retry. */
    static final Duration SHORTEST_RETRY = Duration.ofSeconds(1);

    /** HTTP 409: a nonce or challenge unknown, replayed or expired; asking again for a fresh one helps. */
    private static final int CONFLICT = 409;

    /** One attestation, with the credential the device holds now. */
    @FunctionalInterface
    public interface Attempt {
        AttestationVerdict attest() throws Exception;
    }

    /** Hears what the loop does; called on the loop's thread. */
    public interface Listener {

        void passed(AttestationVerdict verdict, Instant next);

        /** The verdict failed: the measurements match no release. The server acts on it. */
        void failed(AttestationVerdict verdict, Instant next);

        /** The server refused the evidence (its code says why). */
        void refused(AttestationRefusedException refusal, Instant next);

        /** No verdict was reached; another attempt follows at {@code retryAt}. */
        void retrying(Exception failure, Instant retryAt);
    }

    private final Attempt attempt;
    private final AttestationSchedule schedule;
    private final Backoff retries;
    private final Clock clock;
    private final RenewalLoop.Sleeper sleeper;
    private final Listener listener;
    private @Nullable Instant nextAttempt;

    public AttestationLoop(
            Attempt attempt,
            AttestationSchedule schedule,
            Backoff retries,
            Clock clock,
            RenewalLoop.Sleeper sleeper,
            Listener listener) {
        this.attempt = attempt;
        this.schedule = schedule;
        this.retries = retries;
        this.clock = clock;
        this.sleeper = sleeper;
        this.listener = listener;
    }

    /** Until the thread is interrupted. */
    @Override
    public void run() {
        try {
            while (true) {
                Instant next = step();
                Duration wait = Duration.between(clock.instant(), next);
                if (wait.isPositive()) {
                    sleeper.sleep(wait.compareTo(LONGEST_NAP) > 0 ? LONGEST_NAP : wait);
                }
            }
        } catch (InterruptedException stopped) {
            Thread.currentThread().interrupt();
        }
    }

    /** Attests if it is time (the first call schedules the first attestation); returns when to look again. */
    public Instant step() throws InterruptedException {
        Instant now = clock.instant();
        Instant due = nextAttempt;
        if (due == null) {
            due = schedule.first(now);
            nextAttempt = due;
        }
        if (now.isBefore(due)) {
            return due;
        }
        Instant next;
        try {
            AttestationVerdict verdict = attempt.attest();
            retries.reset();
            next = schedule.next(clock.instant());
            if (verdict.passed()) {
                listener.passed(verdict, next);
            } else {
                listener.failed(verdict, next);
            }
        } catch (InterruptedException stopped) {
            throw stopped;
        } catch (AttestationRefusedException refused) {
            if (refused.status() == CONFLICT) {
                next = retryTime();
                listener.retrying(refused, next);
            } else {
                retries.reset();
                next = schedule.next(clock.instant());
                listener.refused(refused, next);
            }
        } catch (Exception failure) {
            next = retryTime();
            listener.retrying(failure, next);
        }
        nextAttempt = next;
        return next;
    }

    /** When the next attempt is due; null before the first step. */
    public @Nullable Instant nextAttempt() {
        return nextAttempt;
    }

    /** The backoff's delay from now, but at most one interval and at least {@link #SHORTEST_RETRY}. */
    private Instant retryTime() {
        Duration delay = retries.next();
        if (delay.compareTo(schedule.interval()) > 0) {
            delay = schedule.interval();
        }
        if (delay.compareTo(SHORTEST_RETRY) < 0) {
            delay = SHORTEST_RETRY;
        }
        return clock.instant().plus(delay);
    }
}
