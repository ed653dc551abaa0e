package dev.palisade.pki.x509;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.KeyPairGenerator;
import org.junit.jupiter.api.Test;

class KeyTypeTest {

    @Test
    void detectsTheCertifiedCurvesAndRsaSizes() {
        assertThat(KeyType.of(TestCsrs.ec("secp256r1").getPublic())).contains(KeyType.EC_P256);
        assertThat(KeyType.of(TestCsrs.ec("secp384r1").getPublic())).contains(KeyType.EC_P384);
        assertThat(KeyType.of(RsaKeys.RSA_3072.getPublic())).contains(KeyType.RSA_3072);
        assertThat(KeyType.of(TestCsrs.rsa(4096).getPublic())).contains(KeyType.RSA_4096);
    }

    @Test
    void refusesShortRsaOtherCurvesAndEdwardsKeys() throws Exception {
        assertThat(KeyType.of(RsaKeys.RSA_2048.getPublic())).isEmpty();
        assertThat(KeyType.of(TestCsrs.ec("secp521r1").getPublic())).isEmpty();
        assertThat(KeyType.of(KeyPairGenerator.getInstance("Ed25519")
                        .generateKeyPair()
                        .getPublic()))
                .isEmpty();
    }

    @Test
    void onlyTheEcTypesAreEllipticCurve() {
        assertThat(KeyType.EC_P256.isEllipticCurve()).isTrue();
        assertThat(KeyType.EC_P384.isEllipticCurve()).isTrue();
        assertThat(KeyType.RSA_3072.isEllipticCurve()).isFalse();
        assertThat(KeyType.RSA_4096.isEllipticCurve()).isFalse();
    }
}
