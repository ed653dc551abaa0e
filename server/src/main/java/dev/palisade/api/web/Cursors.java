package dev.palisade.api.web;

import dev.palisade.shared.PageRequest;
import dev.palisade.shared.Uuids;
import dev.palisade.shared.problem.InvalidInputException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Opaque pagination cursors. A cursor is base64url of {@code <list>:<sort key>}: bound to the list it came from, so a
 * cursor of one list is refused by another, and checked in full before any query runs.
 */
public final class Cursors {

    public static final int DEFAULT_LIMIT = 50;
    private static final Pattern LONG = Pattern.compile("(0|[1-9][0-9]{0,18})");
    private static final Pattern TEXT = Pattern.compile("[A-Za-z0-9._-]{1,128}");

    private Cursors() {}

    /** A page request for a list whose sort keys are UUIDs. */
    public static PageRequest uuidKeyed(String list, @Nullable String cursor, @Nullable Integer limit) {
        return request(list, cursor, limit, key -> {
            try {
                Uuids.parse(key);
                return true;
            } catch (IllegalArgumentException e) {
                return false;
            }
        });
    }

    /** A page request for a list whose sort keys are device ids (or other short identifier text). */
    public static PageRequest textKeyed(String list, @Nullable String cursor, @Nullable Integer limit) {
        return request(list, cursor, limit, key -> TEXT.matcher(key).matches());
    }

    /** A page request for a list whose sort keys are instants (ISO-8601). */
    public static PageRequest instantKeyed(String list, @Nullable String cursor, @Nullable Integer limit) {
        return request(list, cursor, limit, key -> {
            try {
                java.time.Instant.parse(key);
                return true;
            } catch (java.time.format.DateTimeParseException e) {
                return false;
            }
        });
    }

    /** A page request for a list whose sort keys are non-negative integers. */
    public static PageRequest numberKeyed(String list, @Nullable String cursor, @Nullable Integer limit) {
        return request(list, cursor, limit, key -> LONG.matcher(key).matches());
    }

    public static @Nullable String encode(String list, @Nullable String sortKey) {
        if (sortKey == null) {
            return null;
        }
        return Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString((list + ":" + sortKey).getBytes(StandardCharsets.UTF_8));
    }

    private static PageRequest request(
            String list, @Nullable String cursor, @Nullable Integer limit, Predicate<String> validKey) {
        int size = limit == null ? DEFAULT_LIMIT : limit;
        if (size < 1 || size > PageRequest.MAX_LIMIT) {
            throw new InvalidInputException(
                    "request.invalid-parameter", "limit", "limit must be between 1 and " + PageRequest.MAX_LIMIT);
        }
        if (cursor == null) {
            return PageRequest.first(size);
        }
        String key = decode(list, cursor);
        if (key == null || !validKey.test(key)) {
            throw new InvalidInputException(
                    "request.invalid-cursor", "cursor", "the cursor is not valid for this list");
        }
        return new PageRequest(size, key);
    }

    private static @Nullable String decode(String list, String cursor) {
        if (cursor.length() > 200) {
            return null;
        }
        try {
            String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            String prefix = list + ":";
            return text.startsWith(prefix) ? text.substring(prefix.length()) : null;
        } catch (IllegalArgumentException notBase64) {
            return null;
        }
    }
}
