package dev.palisade.agent.ota;

import dev.palisade.agent.DeviceCredential;
import dev.palisade.agent.KeyOrigin;
import dev.palisade.agent.KeyPairs;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** A root, the device endpoint's certificate for localhost and one device's credential, all chaining to the root. */
final class TestPki {

    final KeyPair rootKey = KeyPairs.p256();
    final X509Certificate root = issue("CN=Test Root", rootKey, "CN=Test Root", rootKey, true, false);
    final KeyPair serverKey = KeyPairs.p256();
    final X509Certificate server = issue("CN=localhost", serverKey, "CN=Test Root", rootKey, false, true);
    final KeyPair deviceKey = KeyPairs.p256();
    final X509Certificate device = issue("CN=meter-0042", deviceKey, "CN=Test Root", rootKey, false, false);

    DeviceCredential deviceCredential() {
        return new DeviceCredential(deviceKey.getPrivate(), List.of(device), KeyOrigin.SIMULATED);
    }

    private static X509Certificate issue(
            String subject, KeyPair subjectKey, String issuer, KeyPair issuerKey, boolean ca, boolean localhost) {
        try {
            Instant now = Instant.parse("2026-01-01T00:00:00Z");
            var builder = new JcaX509v3CertificateBuilder(
                    new X500Name(issuer),
                    BigInteger.valueOf(subject.hashCode() & 0x7fffffffL).add(BigInteger.ONE),
                    Date.from(now.minus(3650, ChronoUnit.DAYS)),
                    Date.from(now.plus(3650, ChronoUnit.DAYS)),
                    new X500Name(subject),
                    subjectKey.getPublic());
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
            if (localhost) {
                builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                    new GeneralName(GeneralName.dNSName, "localhost"),
                    new GeneralName(GeneralName.iPAddress, "127.0.0.1")
                }));
            }
            var signer = new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKey.getPrivate());
            return new JcaX509CertificateConverter().getCertificate(builder.build(signer));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
