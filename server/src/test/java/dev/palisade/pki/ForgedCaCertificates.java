package dev.palisade.pki;

import dev.palisade.pki.x509.PalisadeNames;
import dev.palisade.pki.x509.PalisadeNames.TenantName;
import dev.palisade.support.DeviceKeys;
import java.io.IOException;
import java.io.StringReader;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralSubtree;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.NameConstraints;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

/**
 * Certificates an operator might upload for a pending CA by mistake or in an attack, each wrong in one way only: the
 * wrong key, the wrong issuer (itself), or the wrong signer behind the root's name.
 */
final class ForgedCaCertificates {

    private final X509Certificate root;
    private final PKCS10CertificationRequest request;
    private final TenantName name;

    /** For the pending CA whose request is {@code csrPem}, under {@code root}. */
    ForgedCaCertificates(X509Certificate root, String csrPem) throws IOException {
        this.root = root;
        try (var parser = new PEMParser(new StringReader(csrPem))) {
            this.request = (PKCS10CertificationRequest) parser.readObject();
        }
        this.name = PalisadeNames.parseTenantSubject(request.getSubject()).orElseThrow();
    }

    /** A request with the pending CA's subject for a key that is not in custody (PEM), for the root to sign. */
    String requestForAnotherKey() throws OperatorCreationException {
        KeyPair other = DeviceKeys.p256();
        return DeviceKeys.pem(new JcaPKCS10CertificationRequestBuilder(request.getSubject(), other.getPublic())
                .build(new JcaContentSignerBuilder("SHA256withECDSA").build(other.getPrivate())));
    }

    /** A CA certificate with the pending CA's subject that signs itself. */
    X509Certificate selfSigned() throws Exception {
        KeyPair own = DeviceKeys.p256();
        return caCertificate(
                request.getSubject(),
                SubjectPublicKeyInfo.getInstance(own.getPublic().getEncoded()),
                own.getPrivate(),
                "SHA256withECDSA");
    }

    /** The certificate the root would make for the pending CA's key, signed by another key under the root's name. */
    X509Certificate byImpostorRoot() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp384r1"));
        return caCertificate(
                X500Name.getInstance(root.getSubjectX500Principal().getEncoded()),
                request.getSubjectPublicKeyInfo(),
                generator.generateKeyPair().getPrivate(),
                "SHA384withECDSA");
    }

    private X509Certificate caCertificate(
            X500Name issuer, SubjectPublicKeyInfo key, PrivateKey signer, String signatureAlgorithm)
            throws IOException, GeneralSecurityException, OperatorCreationException {
        Instant now = Clock.systemUTC().instant();
        var builder = new X509v3CertificateBuilder(
                issuer,
                new BigInteger(64, new SecureRandom()).setBit(63),
                Date.from(now.minus(Duration.ofMinutes(5))),
                Date.from(now.plus(Duration.ofDays(365))),
                PalisadeNames.tenantSubject(name.tenant(), name.commonName()),
                key);
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
        builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        builder.addExtension(
                Extension.nameConstraints,
                true,
                new NameConstraints(
                        new GeneralSubtree[] {
                            new GeneralSubtree(new GeneralName(PalisadeNames.tenantSubtree(name.tenant()))),
                            new GeneralSubtree(new GeneralName(
                                    GeneralName.uniformResourceIdentifier, PalisadeNames.trustDomain(name.tenant())))
                        },
                        null));
        return new JcaX509CertificateConverter()
                .getCertificate(builder.build(new JcaContentSignerBuilder(signatureAlgorithm).build(signer)));
    }
}
