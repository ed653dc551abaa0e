package dev.palisade.support;

import java.io.IOException;
import java.io.StringWriter;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import org.bouncycastle.asn1.DERUTF8String;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

/** Device key pairs and the PKCS#10 requests a device would send, made in the test JVM with BouncyCastle. */
public final class DeviceKeys {

    private static final BouncyCastleProvider BOUNCY_CASTLE = new BouncyCastleProvider();

    private DeviceKeys() {}

    /** A fresh P-256 key pair. */
    public static KeyPair p256() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A request with subject CN={@code commonName}, signed with the key it carries. */
    public static PKCS10CertificationRequest request(String commonName, KeyPair pair) {
        return request(new X500Name("CN=" + commonName), pair);
    }

    /**
     * A request whose subject has the one common name {@code commonName}, taken literally: {@code + , = /} and control
     * characters included (a UTF8String, never parsed as a DN or as {@code #}hex), as a hostile or careless device might
     * send them.
     */
    public static PKCS10CertificationRequest requestLiterally(String commonName, KeyPair pair) {
        return request(
                new X500NameBuilder(BCStyle.INSTANCE)
                        .addRDN(BCStyle.CN, new DERUTF8String(commonName))
                        .build(),
                pair);
    }

    /** A request for {@code subject}, signed with the key it carries. */
    public static PKCS10CertificationRequest request(X500Name subject, KeyPair pair) {
        try {
            return new JcaPKCS10CertificationRequestBuilder(subject, pair.getPublic())
                    .build(new JcaContentSignerBuilder("SHA256withECDSA")
                            .setProvider(BOUNCY_CASTLE)
                            .build(pair.getPrivate()));
        } catch (OperatorCreationException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@link #request} as PEM. */
    public static String requestPem(String commonName, KeyPair pair) {
        return pem(request(commonName, pair));
    }

    /** A request for {@code commonName} with a fresh key, as PEM. */
    public static String requestPem(String commonName) {
        return requestPem(commonName, p256());
    }

    /** Any BouncyCastle or JCA object in PEM. */
    public static String pem(Object object) {
        var text = new StringWriter();
        try (var writer = new JcaPEMWriter(text)) {
            writer.writeObject(object);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return text.toString();
    }
}
