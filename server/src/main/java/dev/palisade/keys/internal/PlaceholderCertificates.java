package dev.palisade.keys.internal;

import dev.palisade.keys.KeyAlgorithm;
import dev.palisade.keys.KeyAlias;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.Provider;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.jspecify.annotations.Nullable;

/**
 * Self-signed certificates that only carry a public key through PKCS#12, which cannot store a private key without
 * one. Nothing trusts them; they name the alias so that the store is readable with standard tools.
 */
final class PlaceholderCertificates {

    private static final SecureRandom RANDOM = new SecureRandom();

    private PlaceholderCertificates() {}

    static X509Certificate selfSigned(KeyAlias alias, KeyAlgorithm algorithm, KeyPair pair, Clock clock)
            throws GeneralSecurityException {
        return selfSigned(alias, algorithm, pair, clock, null);
    }

    /**
     * As {@link #selfSigned(KeyAlias, KeyAlgorithm, KeyPair, Clock)}, signing through {@code signer}: a key that lives
     * in a token can only sign through the token's provider, which is not installed JVM-wide.
     */
    static X509Certificate selfSigned(
            KeyAlias alias, KeyAlgorithm algorithm, KeyPair pair, Clock clock, @Nullable Provider signer)
            throws GeneralSecurityException {
        X500Name name = new X500NameBuilder(BCStyle.INSTANCE)
                .addRDN(BCStyle.O, "Palisade key custody")
                .addRDN(BCStyle.CN, alias.value())
                .build();
        Instant now = clock.instant();
        var builder = new JcaX509v3CertificateBuilder(
                name,
                new BigInteger(64, RANDOM),
                Date.from(now.minus(Duration.ofMinutes(5))),
                Date.from(now.plus(Duration.ofDays(365L * 100))),
                name,
                pair.getPublic());
        try {
            var signerBuilder = new JcaContentSignerBuilder(algorithm.signatureAlgorithm());
            if (signer != null) {
                signerBuilder.setProvider(signer);
            }
            return new JcaX509CertificateConverter()
                    .getCertificate(builder.build(signerBuilder.build(pair.getPrivate())));
        } catch (OperatorCreationException e) {
            throw new GeneralSecurityException("cannot sign placeholder certificate: " + e.getMessage(), e);
        }
    }
}
