package dev.palisade.ota.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class RolloutRingSizesTest {

    @Test
    void ringsTakeTheirCumulativeShareOfTheFleet() {
        assertThat(Rollouts.sizes(List.of(1, 10, 50, 100), 1000)).containsExactly(10, 90, 400, 500);
    }

    @Test
    void shareIsRoundedUpSoTheCanaryIsNeverEmpty() {
        assertThat(Rollouts.sizes(List.of(1, 100), 10)).containsExactly(1, 9);
        assertThat(Rollouts.sizes(List.of(33, 100), 3)).containsExactly(1, 2);
        assertThat(Rollouts.sizes(List.of(10, 100), 101)).containsExactly(11, 90);
    }

    @Test
    void everyRingGetsADeviceWhileAnyAreLeft() {
        assertThat(Rollouts.sizes(List.of(1, 2, 3, 100), 100)).containsExactly(1, 1, 1, 97);
        assertThat(Rollouts.sizes(List.of(1, 10, 50, 100), 2)).containsExactly(1, 1, 0, 0);
    }

    @Test
    void exponentialRingsDoubleUpToEveryone() {
        assertThat(Rollouts.sizes(NewRollout.EXPONENTIAL, 10_000))
                .containsExactly(100, 100, 200, 400, 800, 1600, 3200, 3600);
    }

    @Test
    void everyDeviceIsInExactlyOneRing() {
        for (int total : List.of(0, 1, 7, 99, 100, 12_345)) {
            List<Integer> sizes = Rollouts.sizes(NewRollout.EXPONENTIAL, total);

            assertThat(sizes.stream().mapToInt(Integer::intValue).sum())
                    .as("%d devices", total)
                    .isEqualTo(total);
            assertThat(sizes).allMatch(size -> size >= 0);
        }
    }

    @Test
    void singleDeviceIsTheCanaryAndTheOtherRingsAreEmpty() {
        assertThat(Rollouts.sizes(List.of(1, 10, 100), 1)).containsExactly(1, 0, 0);
    }
}
