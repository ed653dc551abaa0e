package dev.palisade.keys;

import java.security.spec.AlgorithmParameterSpec;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.RSAKeyGenParameterSpec;
import org.jspecify.annotations.Nullable;

/** The key types Palisade creates, with the JCA names used to generate them and to sign with them. */
public enum KeyAlgorithm {
    ED25519("Ed25519", "Ed25519", null),
    ECDSA_P256("EC", "SHA256withECDSA", new ECGenParameterSpec("secp256r1")),
    ECDSA_P384("EC", "SHA384withECDSA", new ECGenParameterSpec("secp384r1")),
    RSA_3072("RSA", "SHA256withRSA", new RSAKeyGenParameterSpec(3072, RSAKeyGenParameterSpec.F4));

    private final String keyPairAlgorithm;
    private final String signatureAlgorithm;
    private final @Nullable AlgorithmParameterSpec parameters;

    KeyAlgorithm(String keyPairAlgorithm, String signatureAlgorithm, @Nullable AlgorithmParameterSpec parameters) {
        this.keyPairAlgorithm = keyPairAlgorithm;
        this.signatureAlgorithm = signatureAlgorithm;
        this.parameters = parameters;
    }

    public String keyPairAlgorithm() {
        return keyPairAlgorithm;
    }

    public String signatureAlgorithm() {
        return signatureAlgorithm;
    }

    public @Nullable AlgorithmParameterSpec parameters() {
        return parameters;
    }
}
