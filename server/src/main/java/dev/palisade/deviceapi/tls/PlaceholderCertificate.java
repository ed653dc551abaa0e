package dev.palisade.deviceapi.tls;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A self-signed certificate that only lets PKCS#12 hold the endpoint's key until the PKI certifies it. It is never
 * served: the key manager offers no certificate until the real one exists.
 */
final class PlaceholderCertificate {

    private static final SecureRandom RANDOM = new SecureRandom();

    private PlaceholderCertificate() {}

    static X509Certificate of(KeyPair pair, Clock clock) throws GeneralSecurityException {
        var name = new X500Name("CN=Palisade device endpoint (not yet certified)");
        var now = clock.instant();
        var builder = new JcaX509v3CertificateBuilder(
                name,
                new BigInteger(64, RANDOM),
                Date.from(now),
                Date.from(now.plus(Duration.ofDays(1))),
                name,
                pair.getPublic());
        try {
            return new JcaX509CertificateConverter()
                    .getCertificate(
                            builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate())));
        } catch (OperatorCreationException e) {
            throw new GeneralSecurityException(e);
        }
    }
}
