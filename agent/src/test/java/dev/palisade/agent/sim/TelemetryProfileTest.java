package dev.palisade.agent.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class TelemetryProfileTest {

    @Test
    void everyPayloadHasExactlyTheSizeAsked() {
        for (int size :
                new int[] {TelemetryProfile.MIN_PAYLOAD_BYTES, 41, 64, 512, TelemetryProfile.MAX_PAYLOAD_BYTES}) {
            var profile = new TelemetryProfile(Duration.ofSeconds(1), size, Duration.ZERO);

            for (int i = 0; i < 200; i++) {
                byte[] payload = profile.payload();

                assertThat(payload).as("size %d", size).hasSize(size);
                assertThat(new String(payload, StandardCharsets.US_ASCII))
                        .startsWith("{\"power\":")
                        .contains(",\"voltage\":")
                        .endsWith("\"}");
            }
        }
    }

    @Test
    void delaysStayWithinTheJitterAroundTheIntervalAndVary() {
        var profile = new TelemetryProfile(Duration.ofMillis(500), 64, Duration.ofMillis(100));
        var seen = new java.util.HashSet<Duration>();

        for (int i = 0; i < 1000; i++) {
            Duration delay = profile.nextDelay();

            assertThat(delay).isBetween(Duration.ofMillis(400), Duration.ofMillis(600));
            seen.add(delay);
        }

        assertThat(seen).as("a jitter that moves nothing keeps a fleet in step").hasSizeGreaterThan(100);
        assertThat(TelemetryProfile.every(Duration.ofSeconds(2)).nextDelay()).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void refusesWhatCannotBeSent() {
        assertThatThrownBy(() -> new TelemetryProfile(Duration.ofMillis(5), 64, Duration.ZERO))
                .hasMessageContaining("at least 10 ms");
        assertThatThrownBy(() -> new TelemetryProfile(Duration.ofSeconds(1), 39, Duration.ZERO))
                .hasMessageContaining("between 40 and 65536 bytes");
        assertThatThrownBy(() -> new TelemetryProfile(Duration.ofSeconds(1), 64, Duration.ofSeconds(1)))
                .hasMessageContaining("less than the interval");
    }
}
