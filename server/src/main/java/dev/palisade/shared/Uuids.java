package dev.palisade.shared;

import java.util.Locale;
import java.util.UUID;
import java.util.regex.Pattern;

/** Strict UUID parsing: {@link UUID#fromString} accepts shortened forms such as {@code 1-2-3-4-5}. */
public final class Uuids {

    private static final Pattern CANONICAL =
            Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    private Uuids() {}

    public static UUID parse(String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        if (!CANONICAL.matcher(lower).matches()) {
            throw new IllegalArgumentException("not a UUID: " + abbreviate(text));
        }
        return UUID.fromString(lower);
    }

    private static String abbreviate(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "…";
    }
}
