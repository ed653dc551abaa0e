package dev.palisade.protocol.twin;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
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

    private static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(MAX_DOCUMENT_DEPTH)
                    .maxNumberLength(20)
                    .build())
            .build();

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
        String text = utf8(payload);
        try (JsonParser parser = FACTORY.createParser(ObjectReadContext.empty(), text)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("not a JSON object");
            }
            Map<String, Object> members = readObject(parser);
            if (parser.nextToken() != null) {
                throw new IllegalArgumentException("data after the object");
            }
            return members;
        } catch (JacksonException e) {
            throw new IllegalArgumentException("malformed JSON: " + e.getOriginalMessage(), e);
        }
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

    private static String utf8(byte[] payload) {
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(payload))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("not UTF-8", e);
        }
    }

    private static Object read(JsonParser parser, JsonToken token) {
        return switch (token) {
            case START_OBJECT -> readObject(parser);
            case START_ARRAY -> readArray(parser);
            case VALUE_STRING -> parser.getString();
            case VALUE_NUMBER_INT -> readInteger(parser);
            case VALUE_NUMBER_FLOAT ->
                throw new IllegalArgumentException(
                        "the number " + parser.getString() + " is not whole: twin values hold whole numbers only");
            case VALUE_TRUE -> Boolean.TRUE;
            case VALUE_FALSE -> Boolean.FALSE;
            case VALUE_NULL -> throw new IllegalArgumentException("null is not a twin value: leave the member out");
            default -> throw new IllegalArgumentException("unexpected " + token);
        };
    }

    private static Long readInteger(JsonParser parser) {
        if (parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER
                || Math.abs(parser.getLongValue()) > MAX_SAFE_INTEGER) {
            throw new IllegalArgumentException("the integer " + parser.getString() + " is beyond ±(2^53 - 1)");
        }
        return parser.getLongValue();
    }

    private static Map<String, Object> readObject(JsonParser parser) {
        Map<String, Object> members = new LinkedHashMap<>();
        for (JsonToken token = next(parser); token != JsonToken.END_OBJECT; token = next(parser)) {
            String name = parser.currentName();
            if (token != JsonToken.PROPERTY_NAME || name == null) {
                throw new IllegalArgumentException("expected a member name");
            }
            members.put(name, read(parser, next(parser)));
        }
        return Collections.unmodifiableMap(members);
    }

    private static List<Object> readArray(JsonParser parser) {
        List<Object> elements = new ArrayList<>();
        for (JsonToken token = next(parser); token != JsonToken.END_ARRAY; token = next(parser)) {
            elements.add(read(parser, token));
        }
        return Collections.unmodifiableList(elements);
    }

    private static JsonToken next(JsonParser parser) {
        @Nullable JsonToken token = parser.nextToken();
        if (token == null) {
            throw new IllegalArgumentException("unexpected end of input");
        }
        return token;
    }
}
