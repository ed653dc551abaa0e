package dev.palisade.ota.rollout;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A daily window in the device's own time zone in which it may be offered an update: from {@code start} (inclusive) to
 * {@code end} (exclusive). A window whose end is before its start runs over midnight (22:00–04:00).
 */
public record MaintenanceWindow(LocalTime start, LocalTime end) {

    public MaintenanceWindow {
        if (start.equals(end)) {
            throw new IllegalArgumentException("a maintenance window starts and ends at different times");
        }
    }

    /** Whether {@code instant} falls inside the window where the device lives. */
    public boolean contains(Instant instant, ZoneId zone) {
        LocalTime local = instant.atZone(zone).toLocalTime();
        if (start.isBefore(end)) {
            return !local.isBefore(start) && local.isBefore(end);
        }
        return !local.isBefore(start) || local.isBefore(end);
    }

    /** The device's zone from its {@code timeZone} attribute; UTC when it has none or an unknown one. */
    public static ZoneId zoneOf(String attribute) {
        try {
            return ZoneId.of(attribute);
        } catch (DateTimeException e) {
            return ZoneOffset.UTC;
        }
    }
}
