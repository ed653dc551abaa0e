package dev.palisade.pki;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.Random;
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
        var random = new Random(20261123);
        for (int bits = 1; bits <= 160; bits++) {
            BigInteger serial = new BigInteger(bits, random);
            assertThat(IssuedCertificate.hex(serial)).isEqualTo(serial.toString(16));
        }
    }
}
