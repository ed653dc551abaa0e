package dev.palisade.agent;

import java.math.BigInteger;
import java.security.KeyPair;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** Self-signed device credentials with the validity a test needs, each with a key and serial of its own. */
public final class TestCredentials {

    private static final AtomicLong SERIALS = new AtomicLong(1);

    private TestCredentials() {}

    public static DeviceCredential valid(String deviceId, Instant notBefore, Instant notAfter) {
        KeyPair pair = KeyPairs.p256();
        try {
            var builder = new JcaX509v3CertificateBuilder(
                    new X500Name("CN=" + deviceId),
                    BigInteger.valueOf(SERIALS.getAndIncrement()),
                    Date.from(notBefore),
                    Date.from(notAfter),
                    new X500Name("CN=" + deviceId),
                    pair.getPublic());
            var signer = new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate());
            var certificate = new JcaX509CertificateConverter().getCertificate(builder.build(signer));
            return new DeviceCredential(pair.getPrivate(), List.of(certificate), KeyOrigin.SOFTWARE);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
