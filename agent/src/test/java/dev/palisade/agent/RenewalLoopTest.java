package dev.palisade.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The renewal loop on an injected clock: a sleeper that moves the clock instead of waiting. */
class RenewalLoopTest {

    private static final Instant ISSUED = Instant.parse("2026-05-01T00:00:00Z");
    private static final Duration LIFETIME = Duration.ofHours(10);

    private final MovingClock clock = new MovingClock(ISSUED);
    private final AtomicReference<DeviceCredential> current =
            new AtomicReference<>(TestCredentials.valid("meter-1", ISSUED, ISSUED.plus(LIFETIME)));
    private final List<Instant> attempts = new ArrayList<>();
    private final List<String> heard = new ArrayList<>();
    private int failuresToCome;

    @Test
    void nothingHappensBeforeTheScheduledTime() {
        RenewalLoop loop = loop();

        Instant next = loop.step().orElseThrow();

        assertThat(attempts).isEmpty();
        assertThat(next)
                .isBetween(
                        ISSUED.plus(LIFETIME.multipliedBy(6).dividedBy(10)),
                        ISSUED.plus(LIFETIME.multipliedBy(8).dividedBy(10)));
        assertThat(heard).containsExactly("scheduled");
    }

    @Test
    void renewsOnceDueAndSchedulesTheNextRenewalFromTheNewCertificate() {
        RenewalLoop loop = loop();
        Instant due = loop.step().orElseThrow();
        clock.set(due);

        Instant next = loop.step().orElseThrow();

        assertThat(attempts).containsExactly(due);
        assertThat(heard).containsExactly("scheduled", "renewed", "scheduled");
        Instant renewedAt = current.get().certificate().getNotBefore().toInstant();
        assertThat(next).isAfter(renewedAt.plus(LIFETIME.dividedBy(2)));
    }

    @Test
    void aFailedRenewalIsRetriedWithGrowingJitteredDelaysWhileTheSessionGoesOn() {
        failuresToCome = 4;
        RenewalLoop loop = loop();
        clock.set(loop.step().orElseThrow());

        List<Duration> delays = new ArrayList<>();
        for (int attempt = 0; attempt < 5; attempt++) {
            Instant before = clock.instant();
            Instant next = loop.step().orElseThrow();
            delays.add(Duration.between(before, next));
            clock.set(next);
        }

        assertThat(attempts).hasSize(5);
        assertThat(heard.stream().filter("failed"::equals)).hasSize(4);
        assertThat(heard).endsWith("renewed", "scheduled");
        // the n-th retry waits at most 5 s * 2^n (full jitter), and never less than a second
        for (int n = 0; n < 4; n++) {
            assertThat(delays.get(n)).isBetween(RenewalLoop.SHORTEST_RETRY, Duration.ofSeconds(5L << n));
        }
    }

    @Test
    void retriesComeFasterAsTheEndNearsAndTheLoopEndsOnceTheCertificateRanOut() {
        failuresToCome = Integer.MAX_VALUE;
        Instant notAfter = current.get().notAfter();
        RenewalLoop loop = loop();

        loop.run();

        assertThat(heard.getLast()).isEqualTo("expired");
        assertThat(clock.instant()).isAfterOrEqualTo(notAfter);
        assertThat(attempts).allSatisfy(at -> assertThat(at).isBefore(notAfter));
        assertThat(attempts).hasSizeGreaterThan(10);
        // near the end, no wait is longer than half the time left
        Instant last = attempts.getLast();
        Instant secondToLast = attempts.get(attempts.size() - 2);
        assertThat(Duration.between(secondToLast, last))
                .isLessThanOrEqualTo(
                        Duration.between(secondToLast, notAfter).dividedBy(2).plusSeconds(1));
    }

    @Test
    void aRenewalThatFailsAfterTheNewCredentialIsInUseCountsAsRenewed() {
        RenewalLoop loop = new RenewalLoop(
                current::get,
                () -> {
                    current.set(TestCredentials.valid(
                            "meter-1", clock.instant(), clock.instant().plus(LIFETIME)));
                    throw new EnrolmentException("the broker did not take the certificate yet");
                },
                new RenewalSchedule(new SplittableRandom()),
                new Backoff(Duration.ofSeconds(5), Duration.ofMinutes(15)),
                clock,
                clock::advance,
                listener());
        clock.set(loop.step().orElseThrow());

        loop.step();

        assertThat(heard).containsExactly("scheduled", "renewed", "scheduled");
    }

    @Test
    void theDeadlineBringsTheRenewalForward() {
        RenewalLoop loop = new RenewalLoop(
                current::get,
                this::renew,
                new RenewalSchedule(new SplittableRandom(), LIFETIME.minusMinutes(1)),
                new Backoff(Duration.ofSeconds(5), Duration.ofMinutes(15)),
                clock,
                clock::advance,
                listener());

        assertThat(loop.step()).contains(ISSUED.plus(Duration.ofMinutes(1)));
    }

    private RenewalLoop loop() {
        return new RenewalLoop(
                current::get,
                this::renew,
                new RenewalSchedule(new SplittableRandom()),
                new Backoff(Duration.ofSeconds(5), Duration.ofMinutes(15)),
                clock,
                clock::advance,
                listener());
    }

    private void renew() throws EnrolmentException {
        attempts.add(clock.instant());
        if (failuresToCome > 0) {
            failuresToCome--;
            throw new EnrolmentException("cannot reach the EST endpoint");
        }
        current.set(TestCredentials.valid(
                "meter-1", clock.instant(), clock.instant().plus(LIFETIME)));
    }

    private RenewalLoop.Listener listener() {
        return new RenewalLoop.Listener() {
            @Override
            public void scheduled(DeviceCredential credential, Instant renewAt) {
                heard.add("scheduled");
            }

            @Override
            public void renewed(DeviceCredential previous, DeviceCredential renewed) {
                heard.add("renewed");
            }

            @Override
            public void failed(Exception failure, Instant retryAt) {
                heard.add("failed");
            }

            @Override
            public void expired(DeviceCredential credential) {
                heard.add("expired");
            }
        };
    }
}
