package dev.palisade.protocol.command;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class DeviceCommandTest {

    @Test
    void wipeCommandSurvivesTheWire() {
        var wipe = new DeviceCommand(DeviceCommand.WIPE, "0190a7c4-1", Instant.parse("2026-01-02T03:04:05.678Z"));

        byte[] payload = wipe.toBytes();

        assertThat(new String(payload, StandardCharsets.UTF_8))
                .isEqualTo(
                        "{\"command\":\"wipe\",\"commandId\":\"0190a7c4-1\",\"issuedAt\":\"2026-01-02T03:04:05.678Z\"}");
        assertThat(DeviceCommand.parse(payload)).contains(wipe);
        assertThat(wipe.topic("meter-0042")).isEqualTo("devices/meter-0042/commands/wipe");
    }

    @Test
    void readsEscapesAndWhitespace() {
        String text =
                " { \"command\" : \"wipe\",\n \"commandId\":\"a\\u0062\\\"c\", \"issuedAt\":\"2026-01-02T03:04:05Z\" } ";

        var command = DeviceCommand.parse(text.getBytes(StandardCharsets.UTF_8));

        assertThat(command).map(DeviceCommand::commandId).contains("ab\"c");
    }

    @Test
    void ignoresWhatIsNotACommand() {
        for (String text : new String[] {
            "",
            "wipe",
            "{\"command\":\"wipe\"}",
            "{\"command\":\"wipe\",\"commandId\":\"1\",\"issuedAt\":\"yesterday\"}",
            "{\"command\":\"wipe\",\"commandId\":\"1\",\"issuedAt\":\"2026-01-02T03:04:05Z\"} trailing",
            "{\"command\":\"wipe\",\"command\":\"wipe\",\"commandId\":\"1\",\"issuedAt\":\"2026-01-02T03:04:05Z\"}",
            "{\"command\":1,\"commandId\":\"1\",\"issuedAt\":\"2026-01-02T03:04:05Z\"}",
            "{\"command\":\"WIPE!\",\"commandId\":\"1\",\"issuedAt\":\"2026-01-02T03:04:05Z\"}"
        }) {
            assertThat(DeviceCommand.parse(text.getBytes(StandardCharsets.UTF_8)))
                    .as(text)
                    .isEmpty();
        }
    }
}
