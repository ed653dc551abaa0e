package dev.palisade.protocol.tuf;

import dev.palisade.protocol.json.StrictJson;

/**
 * Parses untrusted metadata bytes with {@link StrictJson} into plain values ({@code Map<String, Object>}, {@code
 * List<Object>}, {@code String}, {@code Long}, {@code Boolean}, {@link JsonNull}), refusing everything that would let
 * two readers see different documents or that canonical JSON cannot represent: invalid UTF-8, duplicate member names,
 * floats, integers beyond {@code long}, trailing data, nesting beyond {@link TufCanonicalJson#MAX_DEPTH} and input
 * longer than the caller allows.
 */
final class MetadataJson {

    private static final StrictJson READER =
            new StrictJson(TufCanonicalJson.MAX_DEPTH, Long.MAX_VALUE, JsonNull.INSTANCE);

    private MetadataJson() {}

    /** Parses {@code bytes}, which must not be longer than {@code maxLength}. */
    static Object parse(byte[] bytes, long maxLength) {
        if (bytes.length > maxLength) {
            throw new TufException(
                    RefusalReason.LENGTH_EXCEEDED, bytes.length + " bytes is more than the " + maxLength + " allowed");
        }
        try {
            return READER.parse(bytes);
        } catch (StrictJson.MalformedJsonException e) {
            throw new TufException(RefusalReason.MALFORMED, "metadata is not strict JSON: " + e.getMessage());
        }
    }
}
