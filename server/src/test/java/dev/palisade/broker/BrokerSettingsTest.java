package dev.palisade.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.util.unit.DataSize;

class BrokerSettingsTest {

    @Test
    void publishRateDefaultsAreThoseDocumented() {
        BrokerSettings.RateLimit limit = bind(Map.of()).rateLimit();

        assertThat(limit.enabled()).isTrue();
        assertThat(limit.messagesPerSecond()).isEqualTo(100);
        assertThat(limit.burst()).isEqualTo(200);
        assertThat(limit.bytesPerSecond()).isEqualTo(DataSize.ofMegabytes(1));
        assertThat(limit.maxMessagesPerSecond()).isEqualTo(1000);
        assertThat(limit.maxBurst()).isEqualTo(2000);
        assertThat(limit.maxBytesPerSecond()).isEqualTo(DataSize.ofMegabytes(10));
        assertThat(limit.disconnectAfter()).isEqualTo(Duration.ofSeconds(10));
        assertThat(limit.reconnectHoldOff()).isEqualTo(Duration.ofSeconds(30));
        assertThat(limit.quietPeriod()).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void publishRateIsSetUnderPalisadeBrokerRateLimit() {
        BrokerSettings.RateLimit limit = bind(Map.of(
                        "palisade.broker.rate-limit.messages-per-second", "2.5",
                        "palisade.broker.rate-limit.burst", "5",
                        "palisade.broker.rate-limit.bytes-per-second", "64KB",
                        "palisade.broker.rate-limit.disconnect-after", "0s"))
                .rateLimit();

        assertThat(limit.messagesPerSecond()).isEqualTo(2.5);
        assertThat(limit.burst()).isEqualTo(5);
        assertThat(limit.bytesPerSecond()).isEqualTo(DataSize.ofKilobytes(64));
        assertThat(limit.disconnectAfter()).isZero();
    }

    @Test
    void aDefaultAboveItsCeilingIsRefused() {
        assertThatThrownBy(() -> bind(Map.of("palisade.broker.rate-limit.messages-per-second", "5000")))
                .hasStackTraceContaining("max-messages-per-second must be at least messages-per-second");
    }

    private static BrokerSettings bind(Map<String, String> properties) {
        return new Binder(new MapConfigurationPropertySource(properties))
                .bindOrCreate("palisade.broker", BrokerSettings.class);
    }
}
