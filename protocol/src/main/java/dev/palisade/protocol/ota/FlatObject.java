package dev.palisade.protocol.ota;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.json.JsonFactory;

/**
 * Reads a JSON object whose members are all strings (or declared whole numbers), strictly: UTF-8 only, no duplicate names, no other value types,
 * nothing after the object, a bounded size, and only the member names the document knows. An MQTT payload is read by
 * one party only, but a document that two parsers could read differently has no place on a security channel.
 */
final class FlatObject {

    /** The most bytes an OTA document may have; real ones are a few hundred. */
    static final int MAX_BYTES = 4096;

    private static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .streamReadConstraints(
                    StreamReadConstraints.builder().maxNestingDepth(1).build())
            .build();

    private FlatObject() {}

    /**
     * The members of {@code payload}.
     *
     * @throws IllegalArgumentException when it is not such an object or names a member outside {@code known}
     */
    static Map<String, String> parse(byte[] payload, Set<String> known) {
        return parse(payload, known, Set.of());
    }

    /**
     * The members of {@code payload}, where the members named in {@code integers} are non-negative whole numbers
     * instead of strings (returned as their decimal text).
     *
     * @throws IllegalArgumentException when it is not such an object or names a member outside {@code known} and
     *     {@code integers}
     */
    static Map<String, String> parse(byte[] payload, Set<String> known, Set<String> integers) {
        if (payload.length > MAX_BYTES) {
            throw new IllegalArgumentException("more than " + MAX_BYTES + " bytes");
        }
        Map<String, String> members = new LinkedHashMap<>();
        try (JsonParser parser = FACTORY.createParser(ObjectReadContext.empty(), payload)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("not a JSON object");
            }
            for (JsonToken token = next(parser); token != JsonToken.END_OBJECT; token = next(parser)) {
                String name = parser.currentName();
                if (token != JsonToken.PROPERTY_NAME || name == null) {
                    throw new IllegalArgumentException("expected a member name");
                }
                if (integers.contains(name)) {
                    if (next(parser) != JsonToken.VALUE_NUMBER_INT || parser.getLongValue() < 0) {
                        throw new IllegalArgumentException("member " + name + " is not a non-negative whole number");
                    }
                    members.put(name, Long.toString(parser.getLongValue()));
                    continue;
                }
                if (!known.contains(name)) {
                    throw new IllegalArgumentException("unknown member " + name);
                }
                if (next(parser) != JsonToken.VALUE_STRING) {
                    throw new IllegalArgumentException("member " + name + " is not a string");
                }
                members.put(name, parser.getString());
            }
            if (parser.nextToken() != null) {
                throw new IllegalArgumentException("data after the object");
            }
        } catch (JacksonException e) {
            throw new IllegalArgumentException("malformed JSON: " + e.getOriginalMessage(), e);
        }
        return members;
    }

    private static JsonToken next(JsonParser parser) {
        @Nullable JsonToken token = parser.nextToken();
        if (token == null) {
            throw new IllegalArgumentException("unexpected end of input");
        }
        return token;
    }

    /** A required member. */
    static String required(Map<String, String> members, String name) {
        String value = members.get(name);
        if (value == null) {
            throw new IllegalArgumentException("missing member " + name);
        }
        return value;
    }
}
