package dev.palisade.protocol.twin;

import dev.palisade.protocol.json.CanonicalJson;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A twin's state: a small JSON object, desired by the server or reported by the device. Its values are strings, whole
 * numbers (within ±(2<sup>53</sup> − 1)), booleans, arrays and objects; no {@code null} (a member is removed by
 * leaving it out: every document carries the whole state, not a patch) and no fractions (write them as strings or
 * scaled integers). The state is at most {@value #MAX_BYTES} bytes as canonical JSON and nested at most {@value
 * #MAX_DEPTH} levels deep, itself included: a twin holds settings and a status, not data.
 *
 * @param members the state's members, unmodifiable, in the order of their names
 */
public record TwinState(Map<String, Object> members) {

    /** The largest state, counted as canonical JSON (RFC 8785) bytes. */
    public static final int MAX_BYTES = 8 * 1024;

    /** The deepest nesting of objects and arrays, the state's own object included. */
    public static final int MAX_DEPTH = 8;

    private static final TwinState EMPTY = new TwinState(Map.of());

    /**
     * Copies {@code members} deeply into unmodifiable values.
     *
     * @throws IllegalArgumentException for a value a twin cannot hold, or a state too large or too deep
     */
    public TwinState {
        members = copyObject(members, 1);
        int size = CanonicalJson.toBytes(members).length;
        if (size > MAX_BYTES) {
            throw new IllegalArgumentException(
                    "a twin state is at most " + MAX_BYTES + " bytes as canonical JSON, not " + size);
        }
    }

    /** The state without members. */
    public static TwinState empty() {
        return EMPTY;
    }

    /**
     * Reads a state from its JSON text, as strictly as a document: for states given on a command line or in a file.
     *
     * @throws IllegalArgumentException when {@code json} is not a JSON object a twin can hold
     */
    public static TwinState parse(String json) {
        Map<String, Object> members = TwinJson.parseObject(json.getBytes(StandardCharsets.UTF_8));
        return new TwinState(members);
    }

    /** The state as canonical JSON (RFC 8785). */
    public String toJson() {
        return CanonicalJson.toString(members);
    }

    public boolean isEmpty() {
        return members.isEmpty();
    }

    @Override
    public String toString() {
        return toJson();
    }

    private static Map<String, Object> copyObject(Map<?, ?> members, int depth) {
        deep(depth);
        Map<String, Object> copy = new TreeMap<>();
        members.forEach((name, value) -> {
            if (!(name instanceof String key)) {
                throw new IllegalArgumentException("a twin member's name is a string, not " + name);
            }
            copy.put(key, copyValue(value, depth));
        });
        return Collections.unmodifiableMap(copy);
    }

    private static Object copyValue(Object value, int depth) {
        return switch (value) {
            case String s -> s;
            case Long l -> l;
            case Integer i -> (long) i;
            case Boolean b -> b;
            case Map<?, ?> map -> copyObject(map, depth + 1);
            case List<?> list -> copyArray(list, depth + 1);
            case null -> throw new IllegalArgumentException("null is not a twin value: leave the member out");
            default ->
                throw new IllegalArgumentException(
                        "a twin value is a string, whole number, boolean, array or object, not a "
                                + value.getClass().getSimpleName());
        };
    }

    private static List<Object> copyArray(List<?> list, int depth) {
        deep(depth);
        List<Object> copy = new ArrayList<>(list.size());
        for (Object element : list) {
            copy.add(copyValue(element, depth));
        }
        return Collections.unmodifiableList(copy);
    }

    private static void deep(int depth) {
        if (depth > MAX_DEPTH) {
            throw new IllegalArgumentException("a twin state is nested at most " + MAX_DEPTH + " levels deep");
        }
    }
}
