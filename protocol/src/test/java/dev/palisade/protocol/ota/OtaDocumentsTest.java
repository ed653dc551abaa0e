package dev.palisade.protocol.ota;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class OtaDocumentsTest {

    private static final Instant AT = Instant.parse("2026-03-01T12:00:00Z");

    @Test
    void aDirectiveSurvivesTheRoundTrip() {
        var directive =
                new UpdateDirective("rel-42", TargetName.parse("os/meter-v2/r1/2.4.1"), Optional.of("rollout-7"));

        var read = UpdateDirective.parse(directive.toBytes());

        assertThat(read).isEqualTo(directive);
        assertThat(new String(directive.toBytes(), UTF_8))
                .isEqualTo(
                        "{\"releaseId\":\"rel-42\",\"rolloutId\":\"rollout-7\",\"target\":\"os/meter-v2/r1/2.4.1\"}");
        assertThat(UpdateDirective.topic("meter-1")).isEqualTo("devices/meter-1/ota/update");
    }

    @Test
    void aDirectiveWithoutARolloutIsRead() {
        var read = UpdateDirective.parse(bytes("{\"releaseId\":\"r1\",\"target\":\"config/m/h/1\"}"));

        assertThat(read.rolloutId()).isEmpty();
        assertThat(read.target().tier()).isEqualTo(Tier.CONFIG);
    }

    @Test
    void refusesDirectivesTwoParsersCouldReadDifferently() {
        for (String payload : new String[] {
            "{\"releaseId\":\"r1\",\"releaseId\":\"r2\",\"target\":\"os/m/h/1\"}",
            "{\"releaseId\":\"r1\",\"target\":\"os/m/h/1\"} {}",
            "{\"releaseId\":1,\"target\":\"os/m/h/1\"}",
            "{\"releaseId\":\"r1\",\"target\":\"os/m/h/1\",\"extra\":\"x\"}",
            "{\"releaseId\":\"r1\",\"target\":{\"a\":\"b\"}}",
            "{\"target\":\"os/m/h/1\"}",
            "[]",
            "",
        }) {
            assertThatThrownBy(() -> UpdateDirective.parse(bytes(payload)))
                    .as(payload)
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void aRolloutOfferIsReadWithItsDigestAndLengthHintsDropped() {
        String offer = "{\"releaseId\":\"r1\",\"target\":\"os/m/h/1\",\"rolloutId\":\"ro-1\"," + "\"sha256\":\""
                + "ab".repeat(32) + "\",\"length\":50000}";

        var read = UpdateDirective.parse(bytes(offer));

        assertThat(read).isEqualTo(new UpdateDirective("r1", TargetName.parse("os/m/h/1"), Optional.of("ro-1")));
    }

    @Test
    void refusesHintsOfTheWrongShape() {
        for (String hint : new String[] {
            "\"length\":\"50000\"",
            "\"length\":-1",
            "\"length\":1.5",
            "\"length\":99999999999999999999",
            "\"sha256\":7",
            "\"sha256\":\"x\",\"sha256\":\"y\""
        }) {
            String payload = "{\"releaseId\":\"r1\",\"target\":\"os/m/h/1\"," + hint + "}";
            assertThatThrownBy(() -> UpdateDirective.parse(bytes(payload)))
                    .as(payload)
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void refusesTargetNamesThatAreNotSafePaths() {
        for (String name : new String[] {
            "os/m/h", "os/m/h/1/2", "kernel/m/h/1", "os/../h/1", "os/m/h/", "os/m/h/1 2", "os/m/h/1\u0000"
        }) {
            assertThatThrownBy(() -> TargetName.parse(name)).as(name).isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(TargetName.parse("bootloader/meter-v2/r1/2.5.0-rc.1+build.7").version())
                .isEqualTo("2.5.0-rc.1+build.7");
    }

    @Test
    void refusesAnOversizedDirective() {
        String payload = "{\"releaseId\":\"r1\",\"target\":\"os/m/h/1\",\"rolloutId\":\"" + "x".repeat(5000) + "\"}";

        assertThatThrownBy(() -> UpdateDirective.parse(bytes(payload))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aStatusSurvivesTheRoundTrip() {
        var status = new UpdateStatus(
                "rel-42", Optional.empty(), UpdateState.ROLLED_BACK, Optional.of("health-check-failed"), AT);

        var read = UpdateStatus.parse(status.toBytes());

        assertThat(read).isEqualTo(status);
        assertThat(new String(status.toBytes(), UTF_8))
                .isEqualTo("{\"at\":\"2026-03-01T12:00:00Z\",\"reason\":\"health-check-failed\","
                        + "\"releaseId\":\"rel-42\",\"state\":\"rolled-back\"}");
    }

    @Test
    void aRefusalNeedsAReason() {
        assertThatThrownBy(() -> new UpdateStatus("r1", Optional.empty(), UpdateState.REFUSED, Optional.empty(), AT))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> UpdateStatus.parse(
                        bytes("{\"releaseId\":\"r1\",\"state\":\"exploded\",\"at\":\"2026-03-01T12:00:00Z\"}")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(UTF_8);
    }
}
