package dev.palisade.protocol.twin;

import dev.palisade.protocol.json.StrictJson;
import java.util.Map;
import java.util.Set;

/**
 * Reads a twin document into plain values ({@code Map<String, Object>}, {@code List<Object>}, {@code String}, {@code
 * Long}, {@code Boolean}), strictly: UTF-8 only, no duplicate member names, no {@code null}, no fractions, integers
 * that every JSON reader holds exactly (±(2<sup>53</sup> − 1)), nothing after the document, a bounded size and depth.
 * A document that two parsers could read differently has no place on a channel that changes what a device does.
 */
final class TwinJson {

    /** The most bytes a twin document may have on the wire. */
    static final int MAX_DOCUMENT_BYTES = 16 * 1024;

    /** The deepest nesting of a document: the get response, its desired document, and the state's own levels. */
    private static final int MAX_DOCUMENT_DEPTH = TwinState.MAX_DEPTH + 2;

    private static final long MAX_SAFE_INTEGER = (1L << 53) - 1;

    private static final StrictJson READER = new StrictJson(MAX_DOCUMENT_DEPTH, MAX_SAFE_INTEGER, null);

    private TwinJson() {}

    /**
     * The members of the JSON object in {@code payload}.
     *
     * @throws IllegalArgumentException when it is not a JSON object as above, or names a member outside {@code known}
     */
    static Map<String, Object> parseObject(byte[] payload, Set<String> known) {
        Map<String, Object> members = parseObject(payload);
        for (String name : members.keySet()) {
            if (!known.contains(name)) {
                throw new IllegalArgumentException("unknown member " + name);
            }
        }
        return members;
    }

    /**
     * The members of the JSON object in {@code payload}, whatever their names.
     *
     * @throws IllegalArgumentException when it is not a JSON object as above
     */
    static Map<String, Object> parseObject(byte[] payload) {
        if (payload.length > MAX_DOCUMENT_BYTES) {
            throw new IllegalArgumentException(
                    "a twin document is at most " + MAX_DOCUMENT_BYTES + " bytes, not " + payload.length);
        }
        if (!(READER.parse(payload) instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException("not a JSON object");
        }
        @SuppressWarnings("unchecked") // the reader makes only maps with string keys
        Map<String, Object> members = (Map<String, Object>) map;
        return members;
    }

    /** A required member that must be a whole number from {@code min} up. */
    static long wholeNumber(Map<String, Object> members, String name, long min) {
        if (!(members.get(name) instanceof Long value)) {
            throw new IllegalArgumentException(
                    members.containsKey(name) ? name + " is not a whole number" : "missing member " + name);
        }
        if (value < min) {
            throw new IllegalArgumentException(name + " is at least " + min + ", not " + value);
        }
        return value;
    }

    /** A required member that must be a string. */
    static String string(Map<String, Object> members, String name) {
        if (!(members.get(name) instanceof String value)) {
            throw new IllegalArgumentException(
                    members.containsKey(name) ? name + " is not a string" : "missing member " + name);
        }
        return value;
    }

    /** A required member that must be an object. */
    static Map<String, Object> object(Map<String, Object> members, String name) {
        Object value = members.get(name);
        if (!(value instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException(
                    members.containsKey(name) ? name + " is not an object" : "missing member " + name);
        }
        @SuppressWarnings("unchecked") // readObject makes only maps with string keys
        Map<String, Object> object = (Map<String, Object>) map;
        return object;
    }
}
