package dev.palisade.protocol.command;

import dev.palisade.protocol.json.CanonicalJson;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One command to a device, as it travels: {@code {"command": "wipe", "commandId": "...", "issuedAt": "..."}} in
 * canonical JSON (RFC 8785), on {@code devices/<id>/commands/<command>}.
 *
 * @param command what to do; {@value #WIPE} destroys the device's credentials for good
 * @param commandId unique per command, for the device's and the server's records
 */
public record DeviceCommand(String command, String commandId, Instant issuedAt) {

    public static final String WIPE = "wipe";

    public DeviceCommand {
        if (command.isEmpty() || !command.chars().allMatch(c -> c >= 'a' && c <= 'z' || c == '-')) {
            throw new IllegalArgumentException("a command is lower-case letters and '-'");
        }
        if (commandId.isEmpty() || commandId.length() > 64) {
            throw new IllegalArgumentException("a command id is 1 to 64 characters");
        }
    }

    /** The command's topic for {@code deviceId}, as the device names it. */
    public String topic(String deviceId) {
        return "devices/" + deviceId + "/commands/" + command;
    }

    public byte[] toBytes() {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("command", command);
        fields.put("commandId", commandId);
        fields.put("issuedAt", issuedAt.toString());
        return CanonicalJson.toBytes(fields);
    }

    /** Reads a command; empty for anything that is not one (a device ignores what it cannot read). */
    public static Optional<DeviceCommand> parse(byte[] payload) {
        try {
            Map<String, String> fields = FlatJson.parse(new String(payload, StandardCharsets.UTF_8));
            String command = fields.get("command");
            String id = fields.get("commandId");
            String issuedAt = fields.get("issuedAt");
            if (command == null || id == null || issuedAt == null) {
                return Optional.empty();
            }
            return Optional.of(new DeviceCommand(command, id, Instant.parse(issuedAt)));
        } catch (IllegalArgumentException | DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
