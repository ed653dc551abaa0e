package dev.palisade.pki.x509;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.palisade.keys.FastCrypto;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.Provider;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.List;
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
    void readsTheCurveOfKeysTheFastProviderDecodedWithoutEncodingThem() throws Exception {
        Provider fast = FastCrypto.ecProvider();
        assumeThat(fast).as("Conscrypt loads on this platform").isNotNull();
        KeyFactory factory = KeyFactory.getInstance("EC", fast);
        for (String curve : List.of("secp256r1", "secp384r1", "secp521r1")) {
            PublicKey jdk = TestCsrs.ec(curve).getPublic();
            PublicKey decoded = factory.generatePublic(new X509EncodedKeySpec(jdk.getEncoded()));

            assertThat(FastCrypto.isFastForm(decoded)).isTrue();
            assertThat(KeyType.of(decoded)).as(curve).isEqualTo(KeyType.of(jdk));
        }
    }

    @Test
    void onlyTheEcTypesAreEllipticCurve() {
        assertThat(KeyType.EC_P256.isEllipticCurve()).isTrue();
        assertThat(KeyType.EC_P384.isEllipticCurve()).isTrue();
        assertThat(KeyType.RSA_3072.isEllipticCurve()).isFalse();
        assertThat(KeyType.RSA_4096.isEllipticCurve()).isFalse();
    }
}
