package dev.palisade.identity;

import java.util.regex.Pattern;

/**
 * A device's name within its tenant, for example {@code meter-0042}. It appears in certificate subjects, SPIFFE IDs
 * and MQTT topic levels, so it is restricted to what all of them accept: letters, digits and {@code . _ -}, starting
 * with a letter or digit, at most 128 characters. No MQTT wildcards ({@code + #}), no level separator ({@code /}), no
 * leading {@code $}, no NUL, no whitespace, no {@code :} (SPIFFE path segments refuse it; write MAC-style ids with
 * {@code -}).
 */
public record DeviceId(String value) {

    private static final Pattern FORM = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    public DeviceId {
        if (!FORM.matcher(value).matches()) {
            throw new IllegalArgumentException("a device id is 1 to 128 letters, digits or . _ -, starting with a"
                    + " letter or digit (no MQTT wildcards, '/', ':', '$', spaces or control characters)");
        }
    }

    public static DeviceId of(String value) {
        return new DeviceId(value);
    }

    /** Whether {@code value} is a valid device id, without an exception. */
    public static boolean isValid(String value) {
        return FORM.matcher(value).matches();
    }

    @Override
    public String toString() {
        return value;
    }
}
