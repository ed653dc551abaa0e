package dev.palisade.agent.ota;

import dev.palisade.protocol.ota.TargetName;
import dev.palisade.protocol.ota.UpdateDirective;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * An update under way, as the journal keeps it across restarts.
 *
 * @param directive what the server directed
 * @param phase how far it got
 * @param securityVersion the target's security version, from its signed metadata
 * @param previous the slot that was active before, to roll back to
 * @param deadline when the trial must be marked good; meaningful from {@link Phase#TRIAL} on
 * @param reason why a rollback was decided; meaningful in {@link Phase#ROLLING_BACK}
 */
record PendingUpdate(
        UpdateDirective directive, Phase phase, long securityVersion, Slot previous, Instant deadline, String reason) {

    /** The steps whose completion a restart must know about. */
    enum Phase {
        /** Verified metadata, download in progress; nothing installed: a restart runs the update again. */
        DOWNLOADING,
        /** Writing the inactive slot; the active one is untouched: a restart runs the update again. */
        INSTALLING,
        /** The new slot is active on trial: a restart checks its health, or rolls back if the deadline passed. */
        TRIAL,
        /** Marked good: a restart raises the floor and forgets the update. */
        GOOD,
        /** Rolling back: a restart activates the previous slot and forgets the update. */
        ROLLING_BACK
    }

    PendingUpdate in(Phase next) {
        return new PendingUpdate(directive, next, securityVersion, previous, deadline, reason);
    }

    PendingUpdate trialUntil(Instant trialDeadline) {
        return new PendingUpdate(directive, Phase.TRIAL, securityVersion, previous, trialDeadline, reason);
    }

    PendingUpdate rollingBack(String why) {
        return new PendingUpdate(directive, Phase.ROLLING_BACK, securityVersion, previous, deadline, why);
    }

    byte[] toBytes() {
        Map<String, String> lines = new LinkedHashMap<>();
        lines.put("releaseId", directive.releaseId());
        directive.rolloutId().ifPresent(id -> lines.put("rolloutId", id));
        lines.put("target", directive.target().toString());
        lines.put("phase", phase.name());
        lines.put("securityVersion", Long.toString(securityVersion));
        lines.put("previous", previous.fileName());
        lines.put("deadline", deadline.toString());
        lines.put("reason", reason.replace('\n', ' '));
        StringBuilder text = new StringBuilder();
        lines.forEach((key, value) -> text.append(key).append('=').append(value).append('\n'));
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** @throws IllegalArgumentException when {@code bytes} are not a journal this class wrote */
    static PendingUpdate parse(byte[] bytes) {
        Map<String, String> lines = new LinkedHashMap<>();
        for (String line : new String(bytes, StandardCharsets.UTF_8).split("\n")) {
            int equals = line.indexOf('=');
            if (equals < 1) {
                throw new IllegalArgumentException("not a journal line: " + line);
            }
            lines.put(line.substring(0, equals), line.substring(equals + 1));
        }
        try {
            UpdateDirective directive = new UpdateDirective(
                    required(lines, "releaseId"),
                    TargetName.parse(required(lines, "target")),
                    Optional.ofNullable(lines.get("rolloutId")));
            return new PendingUpdate(
                    directive,
                    Phase.valueOf(required(lines, "phase")),
                    Long.parseLong(required(lines, "securityVersion")),
                    Slot.fromFileName(required(lines, "previous")),
                    Instant.parse(required(lines, "deadline")),
                    required(lines, "reason"));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("bad deadline", e);
        }
    }

    private static String required(Map<String, String> lines, String key) {
        @Nullable String value = lines.get(key);
        if (value == null) {
            throw new IllegalArgumentException("the journal has no " + key);
        }
        return value;
    }
}
