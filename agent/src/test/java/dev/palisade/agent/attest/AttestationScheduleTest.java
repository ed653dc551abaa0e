package dev.palisade.agent.attest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class AttestationScheduleTest {

    private static final Instant START = Instant.parse("2026-05-01T00:00:00Z");
    private static final Duration HOUR = Duration.ofHours(1);

    private final AttestationSchedule schedule = new AttestationSchedule(HOUR, new SplittableRandom());

    @Test
    void theNextAttestationComesWithinTheIntervalNeverAfterItAndSpread() {
        Set<Instant> times = new HashSet<>();

        for (int i = 0; i < 1000; i++) {
            Instant next = schedule.next(START);
            assertThat(next).isBetween(START.plus(Duration.ofMinutes(48)), START.plus(HOUR));
            times.add(next);
        }

        assertThat(times).as("a fleet does not attest in step").hasSizeGreaterThan(900);
    }

    @Test
    void theFirstAttestationOfARunComesWithinTheFirstFifthOfTheInterval() {
        for (int i = 0; i < 1000; i++) {
            assertThat(schedule.first(START)).isBetween(START, START.plus(Duration.ofMinutes(12)));
        }
    }

    @Test
    void refusesAnIntervalThatIsNotPositive() {
        assertThatThrownBy(() -> new AttestationSchedule(Duration.ZERO, new SplittableRandom()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new AttestationSchedule(Duration.ofSeconds(-1), new SplittableRandom()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
