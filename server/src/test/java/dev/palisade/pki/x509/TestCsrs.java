package dev.palisade.pki.x509;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.spec.ECGenParameterSpec;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

/** PKCS#10 requests made in the test JVM, as a device would make them. */
final class TestCsrs {

    // an independent implementation signs the test requests: the inspector verifies with the JDK or Conscrypt
    private static final BouncyCastleProvider BOUNCY_CASTLE = new BouncyCastleProvider();

    private TestCsrs() {}

    static KeyPair ec(String curve) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec(curve));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static KeyPair rsa(int bits) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(bits);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A request for {@code subject} (e.g. "CN=meter-0042") carrying {@code pair}'s key, signed by {@code signer}. */
    static byte[] request(String subject, KeyPair pair, String signatureAlgorithm, PrivateKey signer) {
        return request(new X500Name(subject), pair, signatureAlgorithm, signer);
    }

    static byte[] request(X500Name subject, KeyPair pair, String signatureAlgorithm, PrivateKey signer) {
        try {
            var builder = new JcaPKCS10CertificationRequestBuilder(subject, pair.getPublic());
            return builder.build(new JcaContentSignerBuilder(signatureAlgorithm)
                            .setProvider(BOUNCY_CASTLE)
                            .build(signer))
                    .getEncoded();
        } catch (OperatorCreationException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] request(String subject, KeyPair pair, String signatureAlgorithm) {
        return request(subject, pair, signatureAlgorithm, pair.getPrivate());
    }

    static byte[] request(String subject, KeyPair pair) {
        return request(subject, pair, "SHA256withECDSA");
    }

    static byte[] request(X500Name subject, KeyPair pair) {
        return request(subject, pair, "SHA256withECDSA", pair.getPrivate());
    }
}
