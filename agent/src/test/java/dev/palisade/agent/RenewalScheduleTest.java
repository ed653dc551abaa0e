package dev.palisade.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RenewalScheduleTest {

    private static final Instant ISSUED = Instant.parse("2026-11-01T00:00:00Z");
    private static final Instant EXPIRES = ISSUED.plus(Duration.ofDays(30));

    @Test
    void renewalFallsBetweenSixtyAndEightyPercentOfTheLifetime() {
        var schedule = new RenewalSchedule(new SplittableRandom(7));
        for (int i = 0; i < 1_000; i++) {
            Instant when = schedule.renewalTime(ISSUED, EXPIRES);
            assertThat(when).isBetween(ISSUED.plus(Duration.ofDays(18)), ISSUED.plus(Duration.ofDays(24)));
        }
    }

    @Test
    void aFleetEnrolledTogetherRenewsSpreadOut() {
        var schedule = new RenewalSchedule(new SplittableRandom(11));
        Set<Long> hours = new HashSet<>();
        for (int device = 0; device < 500; device++) {
            hours.add(Duration.between(ISSUED, schedule.renewalTime(ISSUED, EXPIRES))
                    .toHours());
        }
        assertThat(hours).as("distinct hours among 500 devices' renewals").hasSizeGreaterThan(100);
    }

    @Test
    void aDeadlineEarlierThanTheRandomPointWins() {
        var schedule = new RenewalSchedule(new SplittableRandom(3), Duration.ofDays(25));

        Instant when = schedule.renewalTime(ISSUED, EXPIRES);

        assertThat(when).isEqualTo(EXPIRES.minus(Duration.ofDays(25)));
    }

    @Test
    void aDeadlineLaterThanTheRandomPointChangesNothing() {
        var schedule = new RenewalSchedule(new SplittableRandom(3), Duration.ofDays(2));
        for (int i = 0; i < 100; i++) {
            assertThat(schedule.renewalTime(ISSUED, EXPIRES))
                    .isBetween(ISSUED.plus(Duration.ofDays(18)), ISSUED.plus(Duration.ofDays(24)));
        }
    }

    @Test
    void aDeadlineLongerThanTheLifetimeRenewsAtOnce() {
        var schedule = new RenewalSchedule(new SplittableRandom(3), Duration.ofDays(40));

        assertThat(schedule.renewalTime(ISSUED, EXPIRES)).isEqualTo(ISSUED);
    }

    @Test
    void dueOnceItsTimeHasCome() {
        Instant when = ISSUED.plus(Duration.ofDays(20));
        assertThat(RenewalSchedule.isDue(when, when.minusSeconds(1))).isFalse();
        assertThat(RenewalSchedule.isDue(when, when)).isTrue();
    }

    @Test
    void aValidityThatEndsBeforeItStartsIsRefused() {
        var schedule = new RenewalSchedule(new SplittableRandom(1));
        assertThatThrownBy(() -> schedule.renewalTime(EXPIRES, ISSUED)).isInstanceOf(IllegalArgumentException.class);
    }
}
