package dev.palisade.protocol.json;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Serializes values as RFC 8785 (JCS) canonical JSON: no white space, object members sorted by the UTF-16 code units
 * of their names, strings escaped exactly as ECMAScript's {@code JSON.stringify} escapes them, and UTF-8 output.
 *
 * <p>Supported values are {@code Map<String, ?>}, {@code List<?>}, {@code String}, {@code Long}, {@code Integer},
 * {@code Boolean} and {@code null}. Anything else is refused with {@link IllegalArgumentException}, as are:
 *
 * <ul>
 *   <li>other numbers, including floating point: JCS serializes numbers as IEEE 754 doubles, and Palisade keeps
 *       fractional values out of signed data rather than depend on double formatting;
 *   <li>integers beyond ±(2<sup>53</sup> − 1), which a double cannot hold exactly, so another JCS implementation would
 *       serialize them differently;
 *   <li>strings with unpaired surrogates, which have no UTF-8 encoding (I-JSON, which JCS requires, forbids them);
 *   <li>non-string map keys, and nesting deeper than {@value #MAX_DEPTH} levels (which also stops a map that contains
 *       itself).
 * </ul>
 */
public final class CanonicalJson {

    /** Deepest nesting of maps and lists accepted. */
    public static final int MAX_DEPTH = 64;

    /** Largest magnitude of an integer that an IEEE 754 double, and so every JCS implementation, represents exactly. */
    public static final long MAX_SAFE_INTEGER = (1L << 53) - 1;

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private CanonicalJson() {}

    /** The canonical JSON of {@code value} as UTF-8 bytes: what to hash or sign. */
    public static byte[] toBytes(@Nullable Object value) {
        return toString(value).getBytes(StandardCharsets.UTF_8);
    }

    /** The canonical JSON of {@code value} as a string. */
    public static String toString(@Nullable Object value) {
        StringBuilder out = new StringBuilder();
        write(value, out, 0);
        return out.toString();
    }

    private static void write(@Nullable Object value, StringBuilder out, int depth) {
        switch (value) {
            case null -> out.append("null");
            case Boolean b -> out.append(b ? "true" : "false");
            case String s -> writeString(s, out);
            case Long l -> writeInteger(l, out);
            case Integer i -> writeInteger(i, out);
            case Map<?, ?> map -> writeObject(map, out, enter(depth));
            case List<?> list -> writeArray(list, out, enter(depth));
            case Number n ->
                throw new IllegalArgumentException("only Long and Integer numbers are supported, not "
                        + n.getClass().getName() + " " + n);
            default ->
                throw new IllegalArgumentException(
                        "canonical JSON cannot represent a " + value.getClass().getName());
        }
    }

    private static int enter(int depth) {
        if (depth >= MAX_DEPTH) {
            throw new IllegalArgumentException("value is nested more than " + MAX_DEPTH + " levels deep");
        }
        return depth + 1;
    }

    private static void writeInteger(long value, StringBuilder out) {
        if (value > MAX_SAFE_INTEGER || value < -MAX_SAFE_INTEGER) {
            throw new IllegalArgumentException(
                    value + " is beyond ±(2^53 - 1), where JSON numbers stop being exact integers");
        }
        out.append(value);
    }

    private static void writeObject(Map<?, ?> map, StringBuilder out, int depth) {
        List<String> names = new ArrayList<>(map.size());
        for (Object key : map.keySet()) {
            if (!(key instanceof String name)) {
                throw new IllegalArgumentException("object member names must be strings, not " + describe(key));
            }
            names.add(name);
        }
        // String.compareTo compares UTF-16 code units as unsigned values, which is exactly the order RFC 8785 §3.2.3
        // prescribes; a character outside the BMP therefore sorts by its high surrogate.
        names.sort(String::compareTo);
        out.append('{');
        for (int i = 0; i < names.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            writeString(names.get(i), out);
            out.append(':');
            write(map.get(names.get(i)), out, depth);
        }
        out.append('}');
    }

    private static void writeArray(List<?> list, StringBuilder out, int depth) {
        out.append('[');
        for (int i = 0; i < list.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            write(list.get(i), out, depth);
        }
        out.append(']');
    }

    /** RFC 8785 §3.2.2.2: the ECMAScript escapes, lower-case {@code \}{@code u00xx} for other controls, the rest as is. */
    private static void writeString(String value, StringBuilder out) {
        if (needsNoEscape(value)) {
            // the common case (names, ids, timestamps): one append instead of one per character
            out.append('"').append(value).append('"');
            return;
        }
        out.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\b' -> out.append("\\b");
                case '\t' -> out.append("\\t");
                case '\n' -> out.append("\\n");
                case '\f' -> out.append("\\f");
                case '\r' -> out.append("\\r");
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        out.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xf]);
                    } else if (Character.isHighSurrogate(c)
                            && i + 1 < value.length()
                            && Character.isLowSurrogate(value.charAt(i + 1))) {
                        out.append(c).append(value.charAt(++i));
                    } else if (Character.isSurrogate(c)) {
                        throw new IllegalArgumentException("string has an unpaired surrogate at index " + i);
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    /** True when every character is written as itself: no control character, quote, backslash or surrogate. */
    private static boolean needsNoEscape(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c == '"' || c == '\\' || Character.isSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    private static String describe(@Nullable Object key) {
        return key == null ? "null" : key.getClass().getName();
    }
}
