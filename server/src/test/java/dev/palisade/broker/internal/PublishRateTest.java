package dev.palisade.broker.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.broker.BrokerSettings;
import dev.palisade.broker.internal.PublishRate.Verdict;
import dev.palisade.policy.PublishLimit;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

class PublishRateTest {

    private static final long MS = 1_000_000L;
    private static final long SECOND = 1_000 * MS;
    /** An arbitrary start: a monotonic clock may be anywhere, negative included. */
    private static final long T0 = -5 * SECOND;

    /** 10 messages a second, a burst of 5, 1 KiB a second with a packet limit of 1 KiB; cut off after 3 s. */
    private final RateLimits limits = new RateLimits(
            new BrokerSettings.RateLimit(
                    true,
                    10,
                    5,
                    DataSize.ofKilobytes(1),
                    1000,
                    2000,
                    DataSize.ofMegabytes(10),
                    Duration.ofSeconds(3),
                    Duration.ofSeconds(30),
                    Duration.ofSeconds(60)),
            1024);

    private final PublishRate rate = new PublishRate(limits, limits.allowance(null));

    @Test
    void admitsTheBurstAtOnceAndThenOneMessagePerRefillInterval() {
        List<Verdict> atOnce = admit(7, T0);

        assertThat(atOnce.subList(0, 5)).containsOnly(Verdict.ACCEPTED);
        assertThat(atOnce.get(5)).isEqualTo(Verdict.EPISODE_STARTED);
        assertThat(atOnce.get(6)).isEqualTo(Verdict.REFUSED);
        assertThat(rate.admit(10, T0 + 99 * MS))
                .as("a tenth of a second refills one")
                .isNotEqualTo(Verdict.ACCEPTED);
        assertThat(rate.admit(10, T0 + 100 * MS)).isEqualTo(Verdict.ACCEPTED);
        assertThat(rate.admit(10, T0 + 100 * MS)).isNotEqualTo(Verdict.ACCEPTED);
    }

    @Test
    void aDeviceUnderItsRateIsNeverRefused() {
        for (int i = 0; i < 1_000; i++) {
            assertThat(rate.admit(100, T0 + i * 100 * MS)).as("message %d", i).isEqualTo(Verdict.ACCEPTED);
        }
        assertThat(rate.refusedInEpisode()).isZero();
    }

    @Test
    void aQuietSpellRefillsTheBurstButNoMore() {
        admit(5, T0);

        List<Verdict> afterAMinute = admit(6, T0 + 60 * SECOND);

        assertThat(afterAMinute.subList(0, 5)).containsOnly(Verdict.ACCEPTED);
        assertThat(afterAMinute.get(5)).isNotEqualTo(Verdict.ACCEPTED);
    }

    @Test
    void bytesOverTheAllowanceAreRefusedAndTakeNoMessageToken() {
        assertThat(rate.admit(1000, T0)).isEqualTo(Verdict.ACCEPTED);

        assertThat(rate.admit(100, T0)).as("1,100 bytes within a second").isEqualTo(Verdict.EPISODE_STARTED);
        assertThat(admit(4, T0, 0))
                .as("empty messages still fit the burst of 5: the refused one took no token")
                .containsOnly(Verdict.ACCEPTED);
        assertThat(rate.admit(0, T0)).isNotEqualTo(Verdict.ACCEPTED);
    }

    @Test
    void anEpisodeIsReportedOnceAndEndsAfterTheQuietPeriod() {
        admit(5, T0);
        List<Verdict> flood = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            flood.add(rate.admit(10, T0 + i * 10 * MS));
        }

        assertThat(flood).filteredOn(v -> v == Verdict.EPISODE_STARTED).hasSize(1);
        assertThat(rate.refusedInEpisode())
                .as("one of the 20 fits the refill at 100 ms")
                .isEqualTo(19);
        long later = T0 + 61 * SECOND;
        admit(5, later);
        assertThat(rate.admit(10, later))
                .as("a new episode after a quiet minute")
                .isEqualTo(Verdict.EPISODE_STARTED);
        assertThat(rate.refusedInEpisode()).isEqualTo(1);
    }

    @Test
    void aSustainedFloodIsCutOffOnceAndHeldOff() {
        List<Verdict> flood = new ArrayList<>();
        long now = T0;
        for (; now < T0 + 5 * SECOND; now += 20 * MS) {
            flood.add(rate.admit(10, now));
        }

        assertThat(flood).filteredOn(v -> v == Verdict.CUT_OFF).hasSize(1);
        long firstRefused = T0 + flood.indexOf(Verdict.EPISODE_STARTED) * 20 * MS;
        long cut = T0 + flood.indexOf(Verdict.CUT_OFF) * 20 * MS;
        assertThat(cut - firstRefused).as("after 3 s over the limit").isBetween(3 * SECOND, 3 * SECOND + 20 * MS);
        assertThat(rate.heldOff(now)).isTrue();
        assertThat(rate.heldOff(cut + 30 * SECOND)).as("for the hold-off").isFalse();
    }

    @Test
    void refusalsWithPausesOfMoreThanASecondAreNotASustainedFlood() {
        List<Verdict> verdicts = new ArrayList<>();
        // a burst of 8 every 1.5 s: 3 refused each time, for a minute, never continuously for 3 s
        for (long now = T0; now < T0 + 60 * SECOND; now += 1_500 * MS) {
            verdicts.addAll(admit(8, now));
        }

        assertThat(verdicts).contains(Verdict.REFUSED).doesNotContain(Verdict.CUT_OFF);
        assertThat(verdicts).filteredOn(v -> v == Verdict.EPISODE_STARTED).hasSize(1);
        assertThat(rate.heldOff(T0 + 60 * SECOND)).isFalse();
    }

    @Test
    void aNewAllowanceAppliesFromTheNextMessage() {
        admit(5, T0);
        assertThat(rate.admit(10, T0)).isNotEqualTo(Verdict.ACCEPTED);

        rate.allow(limits.allowance(new PublishLimit(100, 50, null)));

        assertThat(admit(50, T0 + MS)).as("a new allowance starts full").containsOnly(Verdict.ACCEPTED);
        assertThat(rate.admit(10, T0 + MS)).isNotEqualTo(Verdict.ACCEPTED);
    }

    @Test
    void theSameAllowanceAgainRefillsNothing() {
        admit(5, T0);

        rate.allow(limits.allowance(null)); // the device reconnected under the same policy

        assertThat(rate.admit(10, T0 + MS)).isNotEqualTo(Verdict.ACCEPTED);
    }

    @Test
    void switchedOffItAdmitsEverything() {
        var off = new RateLimits(RateLimitsTest.settings(false), 262_144);
        var unlimited = new PublishRate(off, off.allowance(new PublishLimit(1, 1, 1L)));

        assertThat(unlimited.countsBytes()).isFalse();
        for (int i = 0; i < 10_000; i++) {
            assertThat(unlimited.admit(1 << 20, T0)).isEqualTo(Verdict.ACCEPTED);
        }
    }

    private List<Verdict> admit(int messages, long now) {
        return admit(messages, now, 10);
    }

    private List<Verdict> admit(int messages, long now, long bytes) {
        List<Verdict> verdicts = new ArrayList<>();
        for (int i = 0; i < messages; i++) {
            verdicts.add(rate.admit(bytes, now));
        }
        return verdicts;
    }
}
