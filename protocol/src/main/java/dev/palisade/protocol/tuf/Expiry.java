package dev.palisade.protocol.tuf;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/** The TUF {@code expires} format: ISO 8601 in UTC to the second, {@code YYYY-MM-DDTHH:MM:SSZ}, nothing else. */
final class Expiry {

    private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss'Z'", Locale.ROOT)
            .withZone(ZoneOffset.UTC)
            .withResolverStyle(ResolverStyle.STRICT);

    private Expiry() {}

    static String format(Instant expires) {
        return FORMAT.format(expires);
    }

    static Instant parse(String text, String where) {
        if (text.length() != 20) {
            throw Fields.malformed(where + " is not YYYY-MM-DDTHH:MM:SSZ: " + text);
        }
        try {
            return FORMAT.parse(text, Instant::from);
        } catch (DateTimeParseException e) {
            throw Fields.malformed(where + " is not YYYY-MM-DDTHH:MM:SSZ: " + text);
        }
    }

    static void requireWholeSeconds(Instant expires) {
        if (!expires.truncatedTo(ChronoUnit.SECONDS).equals(expires)) {
            throw new IllegalArgumentException("expires is written to the second; " + expires + " has a fraction");
        }
        if (expires.atOffset(ZoneOffset.UTC).getYear() > 9999 || expires.getEpochSecond() < 0) {
            throw new IllegalArgumentException("expires must be between 1970 and 9999, not " + expires);
        }
    }
}
