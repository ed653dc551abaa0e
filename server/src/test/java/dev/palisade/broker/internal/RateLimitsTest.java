package dev.palisade.broker.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.palisade.broker.BrokerSettings;
import dev.palisade.policy.PublishLimit;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

class RateLimitsTest {

    /** The documented defaults of {@code palisade.broker.rate-limit.*}. */
    static final BrokerSettings.RateLimit DEFAULTS = settings(true);

    static BrokerSettings.RateLimit settings(boolean enabled) {
        return new BrokerSettings.RateLimit(
                enabled,
                100,
                200,
                DataSize.ofMegabytes(1),
                1000,
                2000,
                DataSize.ofMegabytes(10),
                Duration.ofSeconds(10),
                Duration.ofSeconds(30),
                Duration.ofSeconds(60));
    }

    private final RateLimits limits = new RateLimits(DEFAULTS, 262_144);

    @Test
    void aSessionWhosePoliciesSetNoLimitGetsTheServersDefault() {
        PublishAllowance allowance = limits.allowance(null);

        assertThat(allowance.messagesPerSecond()).isEqualTo(100);
        assertThat(allowance.burst()).isEqualTo(200);
        assertThat(allowance.bytesPerSecond()).isEqualTo(1_048_576);
        assertThat(allowance.messageCost()).isEqualTo(10_000_000L);
        assertThat(allowance.messageDepth()).as("200 messages' refill: 2 s").isEqualTo(2_000_000_000L);
    }

    @Test
    void aPolicysLimitAppliesWithinTheCeilings() {
        PublishAllowance lower = limits.allowance(new PublishLimit(5, 10, 4096L));
        PublishAllowance beyond = limits.allowance(new PublishLimit(50_000, 100_000, 1L << 30));

        assertThat(lower.messagesPerSecond()).isEqualTo(5);
        assertThat(lower.burst()).isEqualTo(10);
        assertThat(lower.bytesPerSecond()).isEqualTo(4096);
        assertThat(beyond.messagesPerSecond()).isEqualTo(1000);
        assertThat(beyond.burst()).isEqualTo(2000);
        assertThat(beyond.bytesPerSecond()).isEqualTo(10_485_760);
    }

    @Test
    void aPolicyWithoutBytesKeepsTheDefaultByteAllowance() {
        assertThat(limits.allowance(new PublishLimit(5, 10, null)).bytesPerSecond())
                .isEqualTo(1_048_576);
    }

    @Test
    void theByteAllowanceAlwaysHoldsOneLargestPacket() {
        PublishAllowance tiny = limits.allowance(new PublishLimit(5, 10, 100L));

        assertThat(tiny.byteDepth()).isEqualTo(262_144);
        assertThat(tiny.byteCost(262_144)).isLessThanOrEqualTo(tiny.byteDepthNanos());
    }

    @Test
    void switchedOffEverySessionIsUnlimited() {
        var off = new RateLimits(settings(false), 262_144);

        assertThat(off.allowance(null).unlimited()).isTrue();
        assertThat(off.allowance(new PublishLimit(1, 1, null)).unlimited()).isTrue();
    }

    @Test
    void settingsOutOfRangeAreRefusedAtStartUp() {
        assertThatThrownBy(() -> new BrokerSettings.RateLimit(
                        true,
                        0,
                        200,
                        DataSize.ofMegabytes(1),
                        1000,
                        2000,
                        DataSize.ofMegabytes(10),
                        Duration.ofSeconds(10),
                        Duration.ofSeconds(30),
                        Duration.ofSeconds(60)))
                .hasMessageContaining("palisade.broker.rate-limit.messages-per-second");
        assertThatThrownBy(() -> new BrokerSettings.RateLimit(
                        true,
                        100,
                        300,
                        DataSize.ofMegabytes(1),
                        1000,
                        200,
                        DataSize.ofMegabytes(10),
                        Duration.ofSeconds(10),
                        Duration.ofSeconds(30),
                        Duration.ofSeconds(60)))
                .hasMessageContaining("max-burst");
        assertThatThrownBy(() -> new BrokerSettings.RateLimit(
                        true,
                        100,
                        200,
                        DataSize.ofMegabytes(20),
                        1000,
                        2000,
                        DataSize.ofMegabytes(10),
                        Duration.ofSeconds(10),
                        Duration.ofSeconds(30),
                        Duration.ofSeconds(60)))
                .hasMessageContaining("max-bytes-per-second");
        assertThatThrownBy(() -> new BrokerSettings.RateLimit(
                        true,
                        100,
                        200,
                        DataSize.ofMegabytes(1),
                        1000,
                        2000,
                        DataSize.ofMegabytes(10),
                        Duration.ofSeconds(-1),
                        Duration.ofSeconds(30),
                        Duration.ofSeconds(60)))
                .hasMessageContaining("disconnect-after");
    }
}
