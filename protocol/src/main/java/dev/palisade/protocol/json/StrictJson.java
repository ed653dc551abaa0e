package dev.palisade.protocol.json;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.json.JsonFactory;

/**
 * Reads untrusted JSON into plain values ({@code Map<String, Object>} in document order, {@code List<Object>}, {@code
 * String}, {@code Long}, {@code Boolean}, and the caller's stand-in for {@code null} where null is allowed), refusing
 * everything that would let two readers see different documents: invalid UTF-8, duplicate member names, fractions,
 * integers beyond the reader's bound, data after the value and nesting beyond the reader's depth. Used where a
 * document decides what a device does: TUF metadata, twin documents.
 */
public final class StrictJson {

    /** The input is not JSON as this reader takes it; the message says why. */
    public static final class MalformedJsonException extends IllegalArgumentException {

        private static final long serialVersionUID = 1L;

        MalformedJsonException(String message) {
            super(message);
        }
    }

    private final JsonFactory factory;
    private final long maxInteger;
    private final @Nullable Object jsonNull;

    /**
     * @param maxDepth the deepest nesting of objects and arrays
     * @param maxInteger the largest magnitude of an integer ({@code Long.MAX_VALUE}: any {@code long})
     * @param jsonNull what a JSON {@code null} reads as, or Java null to refuse it
     */
    public StrictJson(int maxDepth, long maxInteger, @Nullable Object jsonNull) {
        this.factory = JsonFactory.builder()
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(maxDepth)
                        .maxNumberLength(20)
                        .build())
                .build();
        this.maxInteger = maxInteger;
        this.jsonNull = jsonNull;
    }

    /**
     * The one JSON value in {@code bytes}.
     *
     * @throws MalformedJsonException when it is not one, as above
     */
    public Object parse(byte[] bytes) {
        String text = utf8(bytes);
        try (JsonParser parser = factory.createParser(ObjectReadContext.empty(), text)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                throw new MalformedJsonException("no JSON value");
            }
            Object value = read(parser, first);
            if (parser.nextToken() != null) {
                throw new MalformedJsonException("data after the JSON value");
            }
            return value;
        } catch (JacksonException e) {
            throw new MalformedJsonException("malformed JSON: " + e.getOriginalMessage());
        }
    }

    private static String utf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new MalformedJsonException("not UTF-8");
        }
    }

    private Object read(JsonParser parser, JsonToken token) {
        return switch (token) {
            case START_OBJECT -> readObject(parser);
            case START_ARRAY -> readArray(parser);
            case VALUE_STRING -> parser.getString();
            case VALUE_NUMBER_INT -> readInteger(parser);
            case VALUE_NUMBER_FLOAT ->
                throw new MalformedJsonException("the number " + parser.getString() + " is not a whole number");
            case VALUE_TRUE -> Boolean.TRUE;
            case VALUE_FALSE -> Boolean.FALSE;
            case VALUE_NULL -> {
                if (jsonNull == null) {
                    throw new MalformedJsonException("null is not allowed here: leave the member out");
                }
                yield jsonNull;
            }
            default -> throw new MalformedJsonException("unexpected " + token);
        };
    }

    private Long readInteger(JsonParser parser) {
        if (parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
            throw new MalformedJsonException("the integer " + parser.getString() + " is out of range");
        }
        long value = parser.getLongValue();
        if (value > maxInteger || value < -maxInteger) { // not Math.abs: it leaves Long.MIN_VALUE negative
            throw new MalformedJsonException("the integer " + parser.getString() + " is out of range");
        }
        return value;
    }

    private Map<String, Object> readObject(JsonParser parser) {
        Map<String, Object> members = new LinkedHashMap<>();
        for (JsonToken token = next(parser); token != JsonToken.END_OBJECT; token = next(parser)) {
            String name = parser.currentName();
            if (token != JsonToken.PROPERTY_NAME || name == null) {
                throw new MalformedJsonException("expected a member name");
            }
            members.put(name, read(parser, next(parser)));
        }
        return Collections.unmodifiableMap(members);
    }

    private List<Object> readArray(JsonParser parser) {
        List<Object> elements = new ArrayList<>();
        for (JsonToken token = next(parser); token != JsonToken.END_ARRAY; token = next(parser)) {
            elements.add(read(parser, token));
        }
        return Collections.unmodifiableList(elements);
    }

    private static JsonToken next(JsonParser parser) {
        @Nullable JsonToken token = parser.nextToken();
        if (token == null) {
            throw new MalformedJsonException("unexpected end of input");
        }
        return token;
    }
}
