package dev.palisade.agent.attest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.agent.Backoff;
import dev.palisade.agent.MovingClock;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The re-attestation loop on an injected clock, with attempts whose outcomes the test lines up. */
class AttestationLoopTest {

    private static final Instant START = Instant.parse("2026-05-01T00:00:00Z");
    private static final Duration INTERVAL = Duration.ofHours(1);
    private static final AttestationVerdict PASS =
            new AttestationVerdict(true, "attestation.passed", "tpm-quote", "1.0.0", "");
    private static final AttestationVerdict FAIL = new AttestationVerdict(
            false, "attestation.reference.pcr-mismatch", "none", null, "1.0.0: sha256:7 differs");

    private final MovingClock clock = new MovingClock(START);
    private final Deque<Object> outcomes = new ArrayDeque<>();
    private final List<Instant> attempts = new ArrayList<>();
    private final List<String> heard = new ArrayList<>();

    @Test
    void theFirstAttestationComesSoonAndTheNextOnesAboutEveryInterval() throws Exception {
        outcomes.add(PASS);
        outcomes.add(PASS);
        outcomes.add(PASS);
        AttestationLoop loop = loop();

        for (int i = 0; i < 3; i++) {
            clock.set(loop.step());
            loop.step();
        }

        assertThat(attempts).hasSize(3);
        assertThat(attempts.getFirst()).isBetween(START, START.plus(INTERVAL.dividedBy(5)));
        for (int i = 1; i < attempts.size(); i++) {
            assertThat(Duration.between(attempts.get(i - 1), attempts.get(i)))
                    .isBetween(INTERVAL.multipliedBy(4).dividedBy(5), INTERVAL);
        }
        assertThat(heard).containsExactly("passed", "passed", "passed");
    }

    @Test
    void nothingIsAttestedBeforeItIsDue() throws Exception {
        AttestationLoop loop = loop();

        Instant due = loop.step();
        clock.set(due.minusMillis(1));
        Instant stillDue = loop.step();

        assertThat(attempts).isEmpty();
        assertThat(stillDue).isEqualTo(due);
    }

    @Test
    void anAttemptWithoutAVerdictIsRetriedWithGrowingJitteredDelaysThenTheScheduleResumes() throws Exception {
        for (int i = 0; i < 4; i++) {
            outcomes.add(new IOException("cannot reach the device endpoint"));
        }
        outcomes.add(PASS);
        AttestationLoop loop = loop();
        clock.set(loop.step());

        List<Duration> delays = new ArrayList<>();
        for (int attempt = 0; attempt < 5; attempt++) {
            Instant before = clock.instant();
            Instant next = loop.step();
            delays.add(Duration.between(before, next));
            clock.set(next);
        }

        assertThat(heard).containsExactly("retrying", "retrying", "retrying", "retrying", "passed");
        // the n-th retry waits at most 5 s * 2^n (full jitter), and never less than a second
        for (int n = 0; n < 4; n++) {
            assertThat(delays.get(n)).isBetween(AttestationLoop.SHORTEST_RETRY, Duration.ofSeconds(5L << n));
        }
        assertThat(delays.get(4))
                .as("back on the schedule")
                .isGreaterThanOrEqualTo(INTERVAL.multipliedBy(4).dividedBy(5));
    }

    @Test
    void aRetryNeverWaitsLongerThanTheInterval() throws Exception {
        Duration shortInterval = Duration.ofSeconds(3);
        for (int i = 0; i < 20; i++) {
            outcomes.add(new IOException("down"));
        }
        AttestationLoop loop = loop(shortInterval);
        clock.set(loop.step());

        for (int attempt = 0; attempt < 20; attempt++) {
            Instant before = clock.instant();
            Instant next = loop.step();
            assertThat(Duration.between(before, next)).isLessThanOrEqualTo(shortInterval);
            clock.set(next);
        }
    }

    @Test
    void aFailedVerdictIsReportedAndTheDeviceAttestsAgainAtTheNextScheduledTime() throws Exception {
        outcomes.add(PASS);
        outcomes.add(FAIL);
        outcomes.add(FAIL);
        AttestationLoop loop = loop();
        clock.set(loop.step());
        clock.set(loop.step());

        Instant afterFailure = loop.step();

        assertThat(heard).containsExactly("passed", "failed");
        assertThat(Duration.between(clock.instant(), afterFailure))
                .as("no hurry: the same measurements would fail again")
                .isGreaterThanOrEqualTo(INTERVAL.multipliedBy(4).dividedBy(5));
    }

    @Test
    void aRefusedEvidenceWaitsForTheScheduleButAnExpiredNonceIsRetriedSoon() throws Exception {
        outcomes.add(new AttestationRefusedException("quote", 409, "attestation.nonce.expired", "the nonce expired"));
        outcomes.add(new AttestationRefusedException(
                "quote", 403, "attestation.quote.signature-invalid", "not signed by the bound key"));
        AttestationLoop loop = loop();
        clock.set(loop.step());

        Instant afterExpiredNonce = loop.step();
        clock.set(afterExpiredNonce);
        Instant afterRefusal = loop.step();

        assertThat(heard).containsExactly("retrying", "refused");
        assertThat(afterExpiredNonce).isBefore(attempts.getFirst().plusSeconds(6));
        assertThat(Duration.between(clock.instant(), afterRefusal))
                .isGreaterThanOrEqualTo(INTERVAL.multipliedBy(4).dividedBy(5));
    }

    @Test
    void runStopsWhenItsThreadIsInterrupted() throws Exception {
        for (int i = 0; i < 1000; i++) {
            outcomes.add(PASS);
        }
        var stopping = new AttestationLoop(
                this::attest,
                new AttestationSchedule(INTERVAL, new SplittableRandom()),
                new Backoff(Duration.ofSeconds(5), Duration.ofMinutes(15)),
                clock,
                duration -> {
                    clock.advance(duration);
                    if (attempts.size() == 3) {
                        Thread.currentThread().interrupt();
                        throw new InterruptedException();
                    }
                },
                listener());

        stopping.run();

        assertThat(attempts).hasSize(3);
        assertThat(Thread.interrupted())
                .as("the interruption is kept for the caller")
                .isTrue();
    }

    private AttestationLoop loop() {
        return loop(INTERVAL);
    }

    private AttestationLoop loop(Duration interval) {
        return new AttestationLoop(
                this::attest,
                new AttestationSchedule(interval, new SplittableRandom()),
                new Backoff(Duration.ofSeconds(5), Duration.ofMinutes(15)),
                clock,
                clock::advance,
                listener());
    }

    private AttestationVerdict attest() throws Exception {
        attempts.add(clock.instant());
        Object outcome = outcomes.removeFirst();
        if (outcome instanceof Exception failure) {
            throw failure;
        }
        return (AttestationVerdict) outcome;
    }

    private AttestationLoop.Listener listener() {
        return new AttestationLoop.Listener() {
            @Override
            public void passed(AttestationVerdict verdict, Instant next) {
                heard.add("passed");
            }

            @Override
            public void failed(AttestationVerdict verdict, Instant next) {
                heard.add("failed");
            }

            @Override
            public void refused(AttestationRefusedException refusal, Instant next) {
                heard.add("refused");
            }

            @Override
            public void retrying(Exception failure, Instant retryAt) {
                heard.add("retrying");
            }
        };
    }
}
