package dev.palisade.pki.x509;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.HashSet;
import java.util.Set;
import org.bouncycastle.asn1.ASN1Integer;
import org.junit.jupiter.api.Test;

class SerialsTest {

    @Test
    void randomSerialsArePositiveDistinctAndFitTwentyOctets() throws Exception {
        Set<BigInteger> seen = new HashSet<>();
        int longest = 0;
        for (int i = 0; i < 10_000; i++) {
            BigInteger serial = Serials.random();
            assertThat(serial.signum()).isPositive();
            assertThat(serial.bitLength()).isLessThanOrEqualTo(159);
            // tag, length, then at most 20 content octets
            longest = Math.max(longest, new ASN1Integer(serial).getEncoded().length - 2);
            seen.add(serial);
        }

        assertThat(longest).isEqualTo(20);
        assertThat(seen).hasSize(10_000);
    }

    @Test
    void validSerialsArePositiveAndAtMostTwentyOctets() {
        assertThat(Serials.isValid(BigInteger.ONE)).isTrue();
        assertThat(Serials.isValid(BigInteger.TWO.pow(159).subtract(BigInteger.ONE)))
                .isTrue();
        assertThat(Serials.isValid(BigInteger.TWO.pow(159))).isFalse();
        assertThat(Serials.isValid(BigInteger.ZERO)).isFalse();
        assertThat(Serials.isValid(BigInteger.valueOf(-5))).isFalse();
    }
}
