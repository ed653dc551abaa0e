package dev.palisade.protocol.tuf;

/**
 * The JSON {@code null} literal in parsed metadata. A marker rather than Java {@code null} so that parsed objects
 * are plain non-null maps and lists; TUF's own fields are never null, but an unknown field may be and must survive
 * into the canonical bytes that were signed.
 */
public enum JsonNull {
    /** The only value. */
    INSTANCE
}
