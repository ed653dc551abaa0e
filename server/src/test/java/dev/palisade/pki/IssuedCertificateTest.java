package dev.palisade.pki;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import org.junit.jupiter.api.Test;

class IssuedCertificateTest {

    @Test
    void aSerialIsWrittenInLowerCaseHexadecimalWithoutLeadingZeros() {
        assertThat(IssuedCertificate.hex(BigInteger.ZERO)).isEqualTo("0");
        assertThat(IssuedCertificate.hex(BigInteger.ONE)).isEqualTo("1");
        assertThat(IssuedCertificate.hex(new BigInteger("0abc", 16))).isEqualTo("abc");
        // a first byte of 0x80 or more gets a zero sign byte in the two's-complement encoding
        assertThat(IssuedCertificate.hex(new BigInteger("80ff", 16))).isEqualTo("80ff");
        assertThat(IssuedCertificate.hex(new BigInteger("7fffffffffffffffffffffffffffffffffffffff", 16)))
                .isEqualTo("7fffffffffffffffffffffffffffffffffffffff");
    }

    @Test
    void aSerialReadsTheSameAsItsNumberWrittenInBase16() {
        for (int bits = 1; bits <= 160; bits++) {
            // a one and zeros (a sign byte when bits is a multiple of 8), and a number of mixed digits
            BigInteger power = BigInteger.ONE.shiftLeft(bits - 1);
            BigInteger mixed = BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.valueOf(bits));
            assertThat(IssuedCertificate.hex(power)).isEqualTo(power.toString(16));
            assertThat(IssuedCertificate.hex(mixed)).isEqualTo(mixed.toString(16));
        }
    }
}
