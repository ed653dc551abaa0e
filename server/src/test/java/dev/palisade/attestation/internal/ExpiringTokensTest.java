package dev.palisade.attestation.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.palisade.attestation.internal.ExpiringTokens.State;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class ExpiringTokensTest {

    private final MutableClock clock = new MutableClock();
    private final ExpiringTokens<String, String> tokens = new ExpiringTokens<>(clock, Duration.ofMinutes(2), 3);

    @Test
    void aValueIsFreshOnceThenReplayed() {
        tokens.issue("n1", "meter-1", "kept");

        var first = tokens.consume("n1", "meter-1");
        var second = tokens.consume("n1", "meter-1");

        assertThat(first.state()).isEqualTo(State.FRESH);
        assertThat(first.value()).contains("kept");
        assertThat(second.state()).isEqualTo(State.REPLAYED);
        assertThat(second.value()).isEmpty();
    }

    @Test
    void anotherOwnerSeesItAsUnknownAndCannotSpendIt() {
        tokens.issue("n1", "meter-1", "kept");

        assertThat(tokens.consume("n1", "meter-2").state()).isEqualTo(State.UNKNOWN);
        assertThat(tokens.consume("n1", "meter-1").state()).isEqualTo(State.FRESH);
    }

    @Test
    void expiredThenForgotten() {
        tokens.issue("n1", "meter-1", "kept");
        tokens.issue("n2", "meter-1", "kept");

        clock.advance(Duration.ofMinutes(2));
        assertThat(tokens.consume("n1", "meter-1").state()).isEqualTo(State.EXPIRED);
        clock.advance(Duration.ofMinutes(2).plusSeconds(1));
        tokens.forgetOld();

        assertThat(tokens.consume("n2", "meter-1").state()).isEqualTo(State.UNKNOWN);
        assertThat(tokens.size()).isZero();
    }

    @Test
    void refusesToHoldMoreThanItsCapacity() {
        tokens.issue("n1", "meter-1", "v");
        tokens.issue("n2", "meter-1", "v");
        tokens.issue("n3", "meter-1", "v");

        assertThatThrownBy(() -> tokens.issue("n4", "meter-1", "v")).isInstanceOf(IllegalStateException.class);
    }

    private static final class MutableClock extends Clock {

        private Instant now = Instant.parse("2026-11-22T08:00:00Z");

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
