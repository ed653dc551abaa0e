package dev.palisade.policy.internal;

/** Byte counts of UTF-8 without encoding: MQTT bounds topics and client ids in bytes, Java strings count chars. */
public final class Utf8 {

    private Utf8() {}

    /** The UTF-8 length of {@code text[from, to)}; an unpaired surrogate counts as the 3 bytes of its replacement. */
    public static int length(CharSequence text, int from, int to) {
        int bytes = 0;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                bytes++;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < to && Character.isLowSurrogate(text.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }

    /**
     * Whether {@code text[from, end)} takes at most {@code limit} bytes of UTF-8. A char takes at most 3 bytes (a
     * surrogate pair 4 for 2 chars), so short strings are decided without counting: the common case costs nothing.
     */
    public static boolean fitsIn(String text, int from, int limit) {
        int chars = text.length() - from;
        if (chars <= limit / 3) {
            return true;
        }
        return chars <= limit && length(text, from, text.length()) <= limit;
    }

    /** The offset of the first char of {@code text} that no longer fits in {@code limit} bytes, or -1 if all fit. */
    public static int firstOffsetBeyond(String text, int limit) {
        int bytes = 0;
        for (int i = 0; i < text.length(); ) {
            int codePoint = text.codePointAt(i);
            bytes += codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;
            if (bytes > limit) {
                return i;
            }
            i += Character.charCount(codePoint);
        }
        return -1;
    }
}
