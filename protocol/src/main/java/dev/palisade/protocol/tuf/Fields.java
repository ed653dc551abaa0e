package dev.palisade.protocol.tuf;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Typed reads of one parsed JSON object; a missing or mistyped member is a {@link RefusalReason#MALFORMED} refusal
 * that names where it was found.
 */
final class Fields {

    private final Map<String, Object> json;
    private final String where;

    private Fields(Map<String, Object> json, String where) {
        this.json = json;
        this.where = where;
    }

    static Fields of(Object value, String where) {
        return new Fields(object(value, where), where);
    }

    static Map<String, Object> object(Object value, String where) {
        if (!(value instanceof Map<?, ?> map)) {
            throw malformed(where + " is not an object");
        }
        Map<String, Object> members = new LinkedHashMap<>();
        map.forEach((k, v) -> {
            if (!(k instanceof String name) || v == null) {
                throw malformed(where + " has a member that is not a named value");
            }
            members.put(name, v);
        });
        return Collections.unmodifiableMap(members);
    }

    Map<String, Object> json() {
        return json;
    }

    String where() {
        return where;
    }

    boolean has(String name) {
        return json.containsKey(name);
    }

    Object value(String name) {
        Object value = json.get(name);
        if (value == null) {
            throw malformed(where + " lacks " + name);
        }
        return value;
    }

    String string(String name) {
        if (!(value(name) instanceof String s)) {
            throw malformed(where + "." + name + " is not a string");
        }
        return s;
    }

    long integer(String name) {
        if (!(value(name) instanceof Long l)) {
            throw malformed(where + "." + name + " is not an integer");
        }
        return l;
    }

    Optional<Long> optionalInteger(String name) {
        return has(name) ? Optional.of(integer(name)) : Optional.empty();
    }

    boolean bool(String name) {
        if (!(value(name) instanceof Boolean b)) {
            throw malformed(where + "." + name + " is not a boolean");
        }
        return b;
    }

    Fields fields(String name) {
        return Fields.of(value(name), where + "." + name);
    }

    Map<String, Object> object(String name) {
        return object(value(name), where + "." + name);
    }

    List<Object> list(String name) {
        if (!(value(name) instanceof List<?> list)) {
            throw malformed(where + "." + name + " is not an array");
        }
        List<Object> elements = new ArrayList<>();
        for (Object element : list) {
            if (element == null) {
                throw malformed(where + "." + name + " has a null element");
            }
            elements.add(element);
        }
        return elements;
    }

    List<String> strings(String name) {
        List<String> strings = new ArrayList<>();
        for (Object element : list(name)) {
            if (!(element instanceof String s)) {
                throw malformed(where + "." + name + " holds a non-string");
            }
            strings.add(s);
        }
        return strings;
    }

    /** An object whose members are all strings, such as {@code hashes}. */
    Map<String, String> stringMap(String name) {
        Map<String, String> strings = new LinkedHashMap<>();
        object(name).forEach((k, v) -> {
            if (!(v instanceof String s)) {
                throw malformed(where + "." + name + "." + k + " is not a string");
            }
            strings.put(k, s);
        });
        return strings;
    }

    static TufException malformed(@Nullable String detail) {
        return new TufException(RefusalReason.MALFORMED, "malformed metadata: " + detail);
    }
}
