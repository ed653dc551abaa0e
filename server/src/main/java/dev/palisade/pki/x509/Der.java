package dev.palisade.pki.x509;

import java.io.IOException;
import java.security.MessageDigest;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Primitive;

/**
 * Guards in front of BouncyCastle's ASN.1 parser for bytes from outside. The parser recurses once per nesting level,
 * so a few kilobytes of nested SEQUENCE headers would end in a StackOverflowError; this walker checks the shape
 * iteratively first. It also insists on definite lengths and on exactly one value with no trailing bytes.
 */
final class Der {

    /** Deeper than anything a CSR, certificate or OCSP request legitimately nests (they stay under 12). */
    static final int MAX_DEPTH = 32;

    private Der() {}

    /**
     * Whether {@code der} is exactly one tag-length-value with definite lengths throughout, whose constructed values
     * nest at most {@code maxDepth} deep and whose lengths all fit inside their parents.
     */
    static boolean isWithinDepth(byte[] der, int maxDepth) {
        int[] ends = new int[maxDepth + 1];
        ends[0] = der.length;
        int depth = 0;
        int pos = 0;
        boolean seenTopLevel = false;
        while (true) {
            while (depth > 0 && pos == ends[depth]) {
                depth--;
            }
            if (depth == 0 && seenTopLevel) {
                return pos == der.length;
            }
            int limit = ends[depth];
            if (pos >= limit) {
                return false;
            }
            int tag = der[pos++] & 0xff;
            if ((tag & 0x1f) == 0x1f) {
                int tagBytes = 0;
                do {
                    if (pos >= limit || ++tagBytes > 4) {
                        return false;
                    }
                } while ((der[pos++] & 0x80) != 0);
            }
            if (pos >= limit) {
                return false;
            }
            int first = der[pos++] & 0xff;
            long length;
            if (first < 0x80) {
                length = first;
            } else if (first == 0x80) {
                return false; // indefinite length: BER, never DER
            } else {
                int count = first & 0x7f;
                if (count > 4) {
                    return false;
                }
                length = 0;
                for (int i = 0; i < count; i++) {
                    if (pos >= limit) {
                        return false;
                    }
                    length = (length << 8) | (der[pos++] & 0xff);
                }
            }
            long end = pos + length;
            if (end > limit) {
                return false;
            }
            seenTopLevel = true;
            if ((tag & 0x20) != 0) {
                if (depth == maxDepth) {
                    return false;
                }
                ends[++depth] = (int) end;
            } else {
                pos = (int) end;
            }
        }
    }

    /** Parses {@code der} when it is one DER value, nested within {@link #MAX_DEPTH}, that re-encodes identically. */
    static Optional<ASN1Primitive> parseStrict(byte[] der) {
        if (!isWithinDepth(der, MAX_DEPTH)) {
            return Optional.empty();
        }
        try {
            ASN1Primitive value = ASN1Primitive.fromByteArray(der);
            return MessageDigest.isEqual(value.getEncoded(ASN1Encoding.DER), der)
                    ? Optional.of(value)
                    : Optional.empty();
        } catch (IOException | RuntimeException notDer) {
            return Optional.empty();
        }
    }
}
