package dev.palisade.pki.x509;

import java.security.KeyPair;

/** RSA key pairs are slow to generate; the tests share these. */
final class RsaKeys {

    static final KeyPair RSA_2048 = TestCsrs.rsa(2048);
    static final KeyPair RSA_3072 = TestCsrs.rsa(3072);

    private RsaKeys() {}
}
