package dev.palisade.tenancy;

import dev.palisade.shared.problem.InvalidInputException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/** Validation of tenancy input; each failure names the field it concerns. */
public final class TenancyInputs {

    private static final Pattern SLUG = Pattern.compile("[a-z0-9][a-z0-9-]{1,62}");
    private static final Pattern OPERATOR_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{0,99}");

    private TenancyInputs() {}

    public static String slug(@Nullable String slug) {
        String value = required("slug", slug);
        if (!SLUG.matcher(value).matches()) {
            throw new InvalidInputException(
                    "slug", "slug must be 2 to 63 lower-case letters, digits or '-', starting with a letter or digit");
        }
        return value;
    }

    public static String operatorName(String field, @Nullable String name) {
        String value = required(field, name);
        if (!OPERATOR_NAME.matcher(value).matches()) {
            throw new InvalidInputException(
                    field, field + " must be 1 to 100 letters, digits or . _ @ -, starting with a letter or digit");
        }
        return value;
    }

    /** Free text shown to people: 1 to {@code max} characters, no control characters. */
    public static String label(String field, @Nullable String text, int max) {
        String value = required(field, text);
        if (value.isBlank() || value.length() > max || value.chars().anyMatch(Character::isISOControl)) {
            throw new InvalidInputException(field, field + " must be 1 to " + max + " printable characters");
        }
        return value;
    }

    public static Role role(String field, @Nullable String wireName) {
        String value = required(field, wireName);
        try {
            return Role.fromWireName(value);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(field, e.getMessage() == null ? "unknown role" : e.getMessage());
        }
    }

    /** An ISO-8601 duration such as {@code P30D} or {@code PT12H}, positive and at most {@code max}. */
    public static Duration lifetime(String field, String text, Duration max) {
        Duration duration;
        try {
            duration = Duration.parse(text);
        } catch (DateTimeParseException e) {
            throw new InvalidInputException(field, field + " must be an ISO-8601 duration such as P30D or PT12H");
        }
        if (duration.isNegative() || duration.isZero() || duration.compareTo(max) > 0) {
            throw new InvalidInputException(field, field + " must be positive and at most " + max.toDays() + " days");
        }
        return duration;
    }

    private static String required(String field, @Nullable String value) {
        if (value == null) {
            throw new InvalidInputException(field, field + " is required");
        }
        return value;
    }
}
