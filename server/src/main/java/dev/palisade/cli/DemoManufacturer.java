package dev.palisade.cli;

import dev.palisade.agent.KeyPairs;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoGeneratorBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The demo's manufacturer, as its factory tooling would be: a bootstrap CA that certifies each device's factory key, a
 * key that signs manifests, and manifests signed as CMS SignedData with the manifest inside (what {@code openssl cms
 * -sign -nodetach} makes). Its keys live in memory for the demo's run only.
 */
final class DemoManufacturer {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final KeyPair caKey = KeyPairs.p256();
    private final X509Certificate ca;
    private final KeyPair signerKey = KeyPairs.p256();
    private final X509Certificate signer;

    private final X500Name caName;

    DemoManufacturer(String name) {
        caName = new X500Name("O=" + name + ",CN=" + name + " Bootstrap CA");
        ca = certificate(caName, caKey.getPublic(), caName, caKey.getPrivate(), Purpose.AUTHORITY);
        var signerName = new X500Name("O=" + name + ",CN=" + name + " Manifest Signing");
        signer = certificate(signerName, signerKey.getPublic(), signerName, signerKey.getPrivate(), Purpose.SIGNING);
    }

    X509Certificate ca() {
        return ca;
    }

    X509Certificate signer() {
        return signer;
    }

    /** A bootstrap certificate for a device's factory key: client authentication only, named by its serial. */
    X509Certificate bootstrap(String serial, PublicKey key) {
        return certificate(new X500Name("CN=" + serial), key, caName, caKey.getPrivate(), Purpose.CLIENT);
    }

    /** SHA-256 of the certificate's DER, hex: how a manifest names a bootstrap certificate. */
    static String fingerprint(X509Certificate certificate) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The manifest signed as CMS SignedData with the manifest inside, base64 DER. */
    String sign(String manifestJson) {
        try {
            var generator = new CMSSignedDataGenerator();
            generator.addSignerInfoGenerator(
                    new JcaSimpleSignerInfoGeneratorBuilder().build("SHA256withECDSA", signerKey.getPrivate(), signer));
            generator.addCertificates(new JcaCertStore(List.of(signer)));
            var signed = generator.generate(
                    new CMSProcessableByteArray(manifestJson.getBytes(StandardCharsets.UTF_8)), true);
            return Base64.getEncoder().encodeToString(signed.getEncoded());
        } catch (OperatorCreationException | GeneralSecurityException | CMSException | IOException e) {
            throw new IllegalStateException("cannot sign the manifest", e);
        }
    }

    private enum Purpose {
        AUTHORITY,
        SIGNING,
        CLIENT
    }

    private static X509Certificate certificate(
            X500Name subject, PublicKey key, X500Name issuer, PrivateKey signingKey, Purpose purpose) {
        Instant now = Clock.systemUTC().instant();
        boolean authority = purpose == Purpose.AUTHORITY;
        try {
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                            issuer,
                            new BigInteger(64, RANDOM).setBit(63),
                            Date.from(now.minus(Duration.ofMinutes(5))),
                            Date.from(now.plus(Duration.ofDays(3650))),
                            subject,
                            key)
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(authority));
            if (authority) {
                builder.addExtension(
                        Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.digitalSignature));
            } else {
                builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
                if (purpose == Purpose.CLIENT) {
                    builder.addExtension(
                            Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_clientAuth));
                }
            }
            return new JcaX509CertificateConverter()
                    .getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(signingKey)));
        } catch (CertIOException | OperatorCreationException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot make the demo manufacturer's certificate", e);
        }
    }
}
