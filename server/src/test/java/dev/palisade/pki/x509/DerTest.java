package dev.palisade.pki.x509;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import org.junit.jupiter.api.Test;

class DerTest {

    @Test
    void acceptsOneValueNestedWithinTheLimit() {
        assertThat(Der.isWithinDepth(nestedSequences(32), 32)).isTrue();
        assertThat(Der.isWithinDepth(new byte[] {0x02, 0x01, 0x05}, 1)).isTrue();
        assertThat(Der.isWithinDepth(new byte[] {0x30, 0x00}, 1)).isTrue();
    }

    @Test
    void refusesNestingBeyondTheLimit() {
        assertThat(Der.isWithinDepth(nestedSequences(33), 32)).isFalse();
    }

    @Test
    void refusesIndefiniteLengthsTrailingBytesAndOverlongLengths() {
        assertThat(Der.isWithinDepth(new byte[] {0x30, (byte) 0x80, 0x00, 0x00}, 4))
                .isFalse();
        assertThat(Der.isWithinDepth(new byte[] {0x02, 0x01, 0x05, 0x00}, 4)).isFalse();
        assertThat(Der.isWithinDepth(new byte[] {0x30, 0x03, 0x02, 0x05, 0x00}, 4))
                .isFalse();
        assertThat(Der.isWithinDepth(new byte[] {0x30, (byte) 0x85, 1, 1, 1, 1, 1}, 4))
                .isFalse();
        assertThat(Der.isWithinDepth(new byte[0], 4)).isFalse();
    }

    @Test
    void parseStrictRefusesEncodingsThatAreNotCanonicalDer() {
        // BOOLEAN true must be 0xff in DER; 0x01 is valid BER only
        assertThat(Der.parseStrict(new byte[] {0x01, 0x01, 0x01})).isEmpty();
        // INTEGER 5 with a superfluous leading zero octet
        assertThat(Der.parseStrict(new byte[] {0x02, 0x02, 0x00, 0x05})).isEmpty();
        assertThat(Der.parseStrict(new byte[] {0x02, 0x01, 0x05})).isPresent();
    }

    /** {@code depth} SEQUENCEs, each the only content of the one around it, with definite lengths. */
    static byte[] nestedSequences(int depth) {
        byte[] content = new byte[0];
        for (int i = 0; i < depth; i++) {
            var out = new ByteArrayOutputStream();
            out.write(0x30);
            int length = content.length;
            if (length < 0x80) {
                out.write(length);
            } else if (length < 0x100) {
                out.write(0x81);
                out.write(length);
            } else {
                out.write(0x82);
                out.write(length >> 8);
                out.write(length & 0xff);
            }
            out.writeBytes(content);
            content = out.toByteArray();
        }
        return content;
    }
}
