package dev.palisade.agent;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Provider;
import java.security.spec.ECGenParameterSpec;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.jspecify.annotations.Nullable;

/** Software P-256 keys and the PKCS#10 requests a device sends for them. */
public final class KeyPairs {

    private KeyPairs() {}

    /** A fresh ECDSA P-256 key pair, Palisade's default device key. */
    public static KeyPair p256() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK cannot make P-256 keys", e);
        }
    }

    /**
     * A request for {@code deviceId}: the subject is the one common name, the device's id (the server checks it
     * against the identity the device authenticated as), and the request is signed with the key it carries, which is
     * the proof of possession.
     */
    public static PKCS10CertificationRequest request(String deviceId, KeyPair pair) {
        return request(deviceId, pair, null);
    }

    /** As {@link #request(String, KeyPair)}, signing through {@code provider} (a token's) when given. */
    static PKCS10CertificationRequest request(String deviceId, KeyPair pair, @Nullable Provider provider) {
        var subject = new X500NameBuilder(BCStyle.INSTANCE)
                .addRDN(BCStyle.CN, deviceId)
                .build();
        try {
            return new JcaPKCS10CertificationRequestBuilder(subject, pair.getPublic())
                    .build(signer(provider).build(pair.getPrivate()));
        } catch (OperatorCreationException e) {
            throw new IllegalStateException("cannot sign the request", e);
        }
    }

    private static JcaContentSignerBuilder signer(@Nullable Provider provider) {
        var builder = new JcaContentSignerBuilder("SHA256withECDSA");
        return provider == null ? builder : builder.setProvider(provider);
    }
}
