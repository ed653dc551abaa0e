package dev.palisade.protocol.tuf;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Serializes values as the "canonical JSON" that TUF signs and hashes: the OLPC dialect as securesystemslib's {@code
 * encode_canonical} implements it, which python-tuf, go-tuf and tuf-js follow.
 *
 * <ul>
 *   <li>no white space; object members sorted by the Unicode code points of their names (Python's string order);
 *   <li>in strings only {@code \} and {@code "} are escaped; every other character, control characters and non-ASCII
 *       included, is written as itself, and the result is UTF-8;
 *   <li>numbers are integers only; there are no floats in TUF metadata.
 * </ul>
 *
 * <p>This is <em>not</em> RFC 8785 (JCS, {@link dev.palisade.protocol.json.CanonicalJson}): JCS escapes control
 * characters ({@code \n}, {@code \u001f}) as ECMAScript does, sorts names by UTF-16 code units (which differs from code
 * point order only for characters beyond U+FFFF against U+E000–U+FFFF) and writes numbers as doubles. A TUF
 * signature made over JCS bytes of an object with a newline in a string would not verify elsewhere, so the two must
 * never be swapped.
 *
 * <p>Supported values are {@code Map<String, ?>}, {@code List<?>}, {@code String}, {@code Long}, {@code Integer},
 * {@code Boolean} and {@link JsonNull}; anything else, strings with unpaired surrogates (which have no UTF-8 form) and
 * nesting beyond {@value #MAX_DEPTH} levels are refused with {@link IllegalArgumentException}.
 */
public final class TufCanonicalJson {

    /** Deepest nesting of maps and lists accepted. */
    public static final int MAX_DEPTH = 64;

    private TufCanonicalJson() {}

    /** The canonical form of {@code value} as UTF-8 bytes: what TUF signs and hashes. */
    public static byte[] toBytes(Object value) {
        return toString(value).getBytes(StandardCharsets.UTF_8);
    }

    /** The canonical form of {@code value} as a string. */
    public static String toString(Object value) {
        StringBuilder out = new StringBuilder();
        write(value, out, 0, false);
        return out.toString();
    }

    /**
     * {@code value} as the bytes of a metadata file: the canonical form, except that control characters in strings are
     * escaped ({@code \n}, {@code \u001f}). The canonical form itself is not always valid JSON, since JSON forbids
     * raw control characters in strings; it is only ever hashed and signed, while files must parse everywhere.
     */
    public static byte[] toFileBytes(Object value) {
        StringBuilder out = new StringBuilder();
        write(value, out, 0, true);
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Orders strings by Unicode code point, as Python's {@code sorted} does for the names of an object. */
    static int compareCodePoints(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Boolean.compare(i < a.length(), j < b.length());
    }

    private static void write(Object value, StringBuilder out, int depth, boolean escapeControls) {
        switch (value) {
            case JsonNull n -> out.append("null");
            case Boolean b -> out.append(b ? "true" : "false");
            case String s -> writeString(s, out, escapeControls);
            case Long l -> out.append(l.longValue());
            case Integer i -> out.append(i.intValue());
            case Map<?, ?> map -> writeObject(map, out, enter(depth), escapeControls);
            case List<?> list -> writeArray(list, out, enter(depth), escapeControls);
            default ->
                throw new IllegalArgumentException("TUF canonical JSON cannot represent a "
                        + value.getClass().getName());
        }
    }

    private static int enter(int depth) {
        if (depth >= MAX_DEPTH) {
            throw new IllegalArgumentException("value is nested more than " + MAX_DEPTH + " levels deep");
        }
        return depth + 1;
    }

    private static void writeObject(Map<?, ?> map, StringBuilder out, int depth, boolean escapeControls) {
        List<String> names = new ArrayList<>(map.size());
        for (Object name : map.keySet()) {
            if (!(name instanceof String s)) {
                throw new IllegalArgumentException("object member names must be strings, not " + name);
            }
            names.add(s);
        }
        names.sort(TufCanonicalJson::compareCodePoints);
        out.append('{');
        for (int k = 0; k < names.size(); k++) {
            if (k > 0) {
                out.append(',');
            }
            String name = names.get(k);
            writeString(name, out, escapeControls);
            out.append(':');
            Object member = map.get(name);
            if (member == null) {
                throw new IllegalArgumentException("member " + name + " is Java null; use JsonNull.INSTANCE");
            }
            write(member, out, depth, escapeControls);
        }
        out.append('}');
    }

    private static void writeArray(List<?> list, StringBuilder out, int depth, boolean escapeControls) {
        out.append('[');
        for (int k = 0; k < list.size(); k++) {
            if (k > 0) {
                out.append(',');
            }
            Object element = list.get(k);
            if (element == null) {
                throw new IllegalArgumentException("element " + k + " is Java null; use JsonNull.INSTANCE");
            }
            write(element, out, depth, escapeControls);
        }
        out.append(']');
    }

    private static void writeString(String s, StringBuilder out, boolean escapeControls) {
        out.append('"');
        for (int k = 0; k < s.length(); k++) {
            char c = s.charAt(k);
            if (Character.isHighSurrogate(c) && k + 1 < s.length() && Character.isLowSurrogate(s.charAt(k + 1))) {
                out.append(c).append(s.charAt(++k));
            } else if (Character.isSurrogate(c)) {
                throw new IllegalArgumentException("string has an unpaired surrogate at index " + k);
            } else if (escapeControls && c < 0x20) {
                out.append(String.format(java.util.Locale.ROOT, "\\u%04x", (int) c));
            } else {
                if (c == '\\' || c == '"') {
                    out.append('\\');
                }
                out.append(c);
            }
        }
        out.append('"');
    }
}
