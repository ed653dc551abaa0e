package dev.palisade.protocol.tuf;

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
 * Parses untrusted metadata bytes into plain values ({@code Map<String, Object>}, {@code List<Object>}, {@code
 * String}, {@code Long}, {@code Boolean}, {@link JsonNull}), refusing everything that would let two readers see
 * different documents or that canonical JSON cannot represent: invalid UTF-8, duplicate member names, floats,
 * integers beyond {@code long}, trailing data, nesting beyond {@link TufCanonicalJson#MAX_DEPTH} and input longer
 * than the caller allows.
 */
final class StrictJson {

    private static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(TufCanonicalJson.MAX_DEPTH)
                    .maxNumberLength(20)
                    .build())
            .build();

    private StrictJson() {}

    /** Parses {@code bytes}, which must not be longer than {@code maxLength}. */
    static Object parse(byte[] bytes, long maxLength) {
        if (bytes.length > maxLength) {
            throw new TufException(
                    RefusalReason.LENGTH_EXCEEDED, bytes.length + " bytes is more than the " + maxLength + " allowed");
        }
        String text = decodeUtf8(bytes);
        try (JsonParser parser = FACTORY.createParser(ObjectReadContext.empty(), text)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                throw malformed("no JSON value");
            }
            Object value = read(parser, first);
            if (parser.nextToken() != null) {
                throw malformed("data after the JSON value");
            }
            return value;
        } catch (JacksonException e) {
            throw malformed(e.getOriginalMessage());
        }
    }

    private static String decodeUtf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw malformed("not UTF-8");
        }
    }

    private static Object read(JsonParser parser, JsonToken token) {
        return switch (token) {
            case START_OBJECT -> readObject(parser);
            case START_ARRAY -> readArray(parser);
            case VALUE_STRING -> parser.getString();
            case VALUE_NUMBER_INT -> readInteger(parser);
            case VALUE_NUMBER_FLOAT -> throw malformed("floating point number " + parser.getString());
            case VALUE_TRUE -> Boolean.TRUE;
            case VALUE_FALSE -> Boolean.FALSE;
            case VALUE_NULL -> JsonNull.INSTANCE;
            default -> throw malformed("unexpected " + token);
        };
    }

    private static Long readInteger(JsonParser parser) {
        if (parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
            throw malformed("integer out of range: " + parser.getString());
        }
        return parser.getLongValue();
    }

    private static Map<String, Object> readObject(JsonParser parser) {
        Map<String, Object> members = new LinkedHashMap<>();
        for (JsonToken token = next(parser); token != JsonToken.END_OBJECT; token = next(parser)) {
            String name = parser.currentName();
            if (token != JsonToken.PROPERTY_NAME || name == null) {
                throw malformed("expected a member name");
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
            throw malformed("unexpected end of input");
        }
        return token;
    }

    private static TufException malformed(@Nullable String detail) {
        return new TufException(RefusalReason.MALFORMED, "malformed JSON: " + detail);
    }
}
