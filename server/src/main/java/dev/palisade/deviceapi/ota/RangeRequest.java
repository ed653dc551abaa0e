package dev.palisade.deviceapi.ota;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * What a {@code Range} header asks of a representation of a known length (RFC 9110 §14): the whole of it, one byte
 * range, or nothing that exists. Only single ranges are honoured; a header with several ranges, another unit or bad
 * syntax is ignored, as RFC 9110 allows, and the whole representation is sent.
 */
sealed interface RangeRequest {

    /** Send everything, 200. */
    record Whole() implements RangeRequest {}

    /** Send bytes {@code first} to {@code last} inclusive, 206. */
    record Part(long first, long last) implements RangeRequest {
        public Part {
            if (first < 0 || last < first) {
                throw new IllegalArgumentException("a byte range runs forwards from 0");
            }
        }

        public long length() {
            return last - first + 1;
        }
    }

    /** Nothing of the representation lies in the range, 416. */
    record Unsatisfiable() implements RangeRequest {}

    Pattern SINGLE = Pattern.compile("bytes=([0-9]{1,18})?-([0-9]{1,18})?");

    static RangeRequest of(@Nullable String header, long length) {
        if (header == null) {
            return new Whole();
        }
        Matcher matcher = SINGLE.matcher(header.strip().toLowerCase(Locale.ROOT));
        if (!matcher.matches()) {
            return new Whole();
        }
        String first = matcher.group(1);
        String last = matcher.group(2);
        if (first == null && last == null) {
            return new Whole(); // "bytes=-" is not a range
        }
        if (first == null) {
            long suffix = Long.parseLong(last);
            if (suffix == 0 || length == 0) {
                return new Unsatisfiable();
            }
            return new Part(Math.max(0, length - suffix), length - 1);
        }
        long start = Long.parseLong(first);
        if (last != null && Long.parseLong(last) < start) {
            return new Whole(); // invalid: ignored
        }
        if (start >= length) {
            return new Unsatisfiable();
        }
        long end = last == null ? length - 1 : Math.min(Long.parseLong(last), length - 1);
        return new Part(start, end);
    }
}
