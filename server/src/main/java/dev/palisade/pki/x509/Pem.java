package dev.palisade.pki.x509;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;

/** The textual encoding of RFC 7468, strictly: one block, a known label, standard base64, nothing around it. */
final class Pem {

    private static final String BEGIN = "-----BEGIN ";
    private static final String DASHES = "-----";

    private Pem() {}

    /** Whether {@code input} starts, after optional whitespace, like a PEM block; such input is never read as DER. */
    static boolean looksLikePem(byte[] input) {
        int i = 0;
        while (i < input.length && isWhitespace(input[i])) {
            i++;
        }
        int remaining = input.length - i;
        return remaining >= BEGIN.length()
                && new String(input, i, BEGIN.length(), StandardCharsets.US_ASCII).equals(BEGIN);
    }

    /** The DER inside a single PEM block with one of {@code labels}, or empty for anything else. */
    static Optional<byte[]> decode(byte[] input, Set<String> labels) {
        for (byte b : input) {
            if (b < 0) {
                return Optional.empty();
            }
        }
        String text = new String(input, StandardCharsets.US_ASCII).strip();
        if (!text.startsWith(BEGIN)) {
            return Optional.empty();
        }
        int labelEnd = text.indexOf(DASHES, BEGIN.length());
        if (labelEnd < 0) {
            return Optional.empty();
        }
        String label = text.substring(BEGIN.length(), labelEnd);
        String footer = "-----END " + label + DASHES;
        int bodyStart = labelEnd + DASHES.length();
        if (!labels.contains(label) || !text.endsWith(footer) || text.length() - footer.length() < bodyStart) {
            return Optional.empty();
        }
        String body = text.substring(bodyStart, text.length() - footer.length());
        StringBuilder base64 = new StringBuilder(body.length());
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (!isWhitespace((byte) c)) {
                base64.append(c);
            }
        }
        try {
            byte[] der = Base64.getDecoder().decode(base64.toString());
            return der.length == 0 ? Optional.empty() : Optional.of(der);
        } catch (IllegalArgumentException notBase64) {
            return Optional.empty();
        }
    }

    /** A PEM block with 64-character lines. */
    static String encode(String label, byte[] der) {
        String body = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der);
        return BEGIN + label + DASHES + "\n" + body + "\n-----END " + label + DASHES + "\n";
    }

    private static boolean isWhitespace(byte b) {
        return b == ' ' || b == '\t' || b == '\r' || b == '\n';
    }
}
