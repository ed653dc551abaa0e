package dev.palisade.provisioning;

import java.util.Arrays;
import java.util.regex.Pattern;

/**
 * A firmware version as manifests and floors name it: one to four dot-separated numbers ({@code 1.4.0}), compared
 * number by number, missing numbers counting as zero ({@code 1.4} equals {@code 1.4.0}). Anything richer (pre-release
 * tags, build metadata) is refused rather than ordered by a guess.
 */
public record FirmwareVersion(String text) implements Comparable<FirmwareVersion> {

    private static final Pattern FORM = Pattern.compile("\\d{1,9}(\\.\\d{1,9}){0,3}");

    public FirmwareVersion {
        if (!FORM.matcher(text).matches()) {
            throw new IllegalArgumentException(
                    "a firmware version is one to four dot-separated numbers, for example 1.4.0");
        }
    }

    public static boolean isValid(String text) {
        return FORM.matcher(text).matches();
    }

    @Override
    public int compareTo(FirmwareVersion other) {
        return Arrays.compare(numbers(), other.numbers());
    }

    public boolean isBelow(FirmwareVersion floor) {
        return compareTo(floor) < 0;
    }

    private int[] numbers() {
        int[] numbers = new int[4];
        String[] parts = text.split("\\.");
        for (int i = 0; i < parts.length; i++) {
            numbers[i] = Integer.parseInt(parts[i]);
        }
        return numbers;
    }

    @Override
    public String toString() {
        return text;
    }
}
