package dev.palisade.agent.sim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.agent.Outcome;
import java.util.List;
import org.junit.jupiter.api.Test;

class AttemptsTest {

    @Test
    void countsOutcomesAndAddsUp() {
        Attempts first = Attempts.of(List.of(Outcome.REFUSED, Outcome.ACCEPTED, Outcome.REFUSED, Outcome.FAILED));
        Attempts second = Attempts.of(List.of(Outcome.ACCEPTED));

        Attempts both = first.plus(second);

        assertThat(first).isEqualTo(new Attempts(1, 2, 1));
        assertThat(both).isEqualTo(new Attempts(2, 2, 1));
        assertThat(both.total()).isEqualTo(5);
    }

    @Test
    void refusalsAreCountedByReason() {
        var counters = new FleetCounters();

        counters.refusal(FleetCounters.PUBLISH_NOT_AUTHORIZED);
        counters.refusal(FleetCounters.PUBLISH_NOT_AUTHORIZED);
        counters.refusal("connection refused: not_authorized");

        assertThat(counters.refusals())
                .containsExactly(
                        java.util.Map.entry("connection refused: not_authorized", 1L),
                        java.util.Map.entry(FleetCounters.PUBLISH_NOT_AUTHORIZED, 2L));
        assertThat(counters.refusals(FleetCounters.SUBSCRIBE_NOT_AUTHORIZED)).isZero();
    }
}
