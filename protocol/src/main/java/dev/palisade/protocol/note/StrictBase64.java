package dev.palisade.protocol.note;

import java.util.Base64;

/**
 * Standard base64 (RFC 4648 §4) that accepts exactly one spelling of each byte string. The JDK decoder tolerates
 * missing padding and non-zero trailing bits; letting those through would give one signed value several encodings.
 */
final class StrictBase64 {

    private StrictBase64() {}

    static String encode(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    /** Decodes {@code text}, throwing {@link IllegalArgumentException} that names {@code what} if it is not canonical. */
    static byte[] decode(String text, String what) {
        byte[] decoded;
        try {
            decoded = Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(what + " is not valid base64: " + e.getMessage(), e);
        }
        if (!encode(decoded).equals(text)) {
            throw new IllegalArgumentException(what + " is not canonical padded base64");
        }
        return decoded;
    }
}
