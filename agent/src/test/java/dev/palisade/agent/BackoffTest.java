package dev.palisade.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BackoffTest {

    @Test
    void eachDelayStaysUnderTheDoublingCeilingAndTheCap() {
        var backoff = new Backoff(Duration.ofMillis(100), Duration.ofMillis(1_000));
        long[] ceilings = {100, 200, 400, 800, 1_000, 1_000, 1_000};
        for (long ceiling : ceilings) {
            assertThat(backoff.next().toMillis()).isBetween(0L, ceiling);
        }
    }

    @Test
    void delaysAreJitteredSoThatAFleetDoesNotReturnAtOnce() {
        Set<Long> delays = new HashSet<>();
        for (int device = 0; device < 50; device++) {
            var backoff = new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(1));
            backoff.next();
            backoff.next();
            delays.add(backoff.next().toMillis());
        }
        assertThat(delays).as("50 devices at their third retry").hasSizeGreaterThan(25);
    }

    @Test
    void aSuccessStartsTheNextFailureFromTheBase() {
        var backoff = new Backoff(Duration.ofMillis(10), Duration.ofSeconds(60));
        for (int i = 0; i < 40; i++) {
            backoff.next();
        }
        backoff.reset();
        assertThat(backoff.attempts()).isZero();
        assertThat(backoff.next().toMillis()).isLessThanOrEqualTo(10);
    }

    @Test
    void aCapBelowTheBaseIsRefused() {
        assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Backoff(Duration.ZERO, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
