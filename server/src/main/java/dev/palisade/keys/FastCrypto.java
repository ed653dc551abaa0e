package dev.palisade.keys;

import java.io.ByteArrayInputStream;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.Security;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Objects;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JCA provider for elliptic-curve signing and verification on hot paths. The JDK's own EC provider signs P-256 at
 * about a sixth and verifies at about a seventh of OpenSSL's speed on the same machine; Conscrypt (BoringSSL behind
 * the JCA) runs at OpenSSL's speed. Conscrypt ships native code for common platforms; where it cannot load, the JDK's
 * provider serves, correctly but slower. See docs/BENCHMARKS.md.
 */
public final class FastCrypto {

    private static final Logger log = LoggerFactory.getLogger(FastCrypto.class);
    private static final @Nullable Provider CONSCRYPT = loadConscrypt();

    private FastCrypto() {}

    /** Conscrypt when it loaded, otherwise null (use the default providers). */
    public static @Nullable Provider ecProvider() {
        return CONSCRYPT;
    }

    /**
     * The provider for Ed25519 signing and verification (audit checkpoints, one per committed batch of changes):
     * BouncyCastle, pure Java like the JDK's but several times faster at it. Conscrypt offers no Ed25519 signatures.
     */
    public static Provider edProvider() {
        return BouncyCastle.PROVIDER;
    }

    /**
     * Sets the providers up on a thread of their own, so that their cost (most of a second for BouncyCastle's
     * registry of algorithms) overlaps with the rest of a server's start instead of lying on its path. A caller that
     * needs a provider before it is ready waits for it.
     */
    public static void prepareInBackground() {
        Thread.ofPlatform().name("crypto-providers").daemon().start(FastCrypto::edProvider);
    }

    /** Made on first use; not registered: used only where asked for, like Conscrypt. */
    private static final class BouncyCastle {
        static final Provider PROVIDER = new BouncyCastleProvider();
    }

    /**
     * {@code key} as the fast provider's own key object when it is an EC key and the provider is loaded, otherwise
     * {@code key} itself. Handed the JDK's key object, the provider re-encodes and re-parses it on every signature, a
     * cost as large as the signature; a key used again and again is worth converting once.
     *
     * @throws GeneralSecurityException if the provider cannot take the key
     */
    public static PrivateKey forSigning(PrivateKey key) throws GeneralSecurityException {
        return needsConverting(key) ? (PrivateKey) translate(key) : key;
    }

    /** {@code key} in the fast provider's own form, as {@link #forSigning} does for private keys. */
    public static PublicKey forVerifying(PublicKey key) throws GeneralSecurityException {
        return needsConverting(key) ? (PublicKey) translate(key) : key;
    }

    private static boolean needsConverting(Key key) {
        return CONSCRYPT != null && "EC".equals(key.getAlgorithm()) && !isFastForm(key);
    }

    /** Whether {@code key} is already the fast provider's own object, as the keys its key factory decodes are. */
    public static boolean isFastForm(Key key) {
        return CONSCRYPT != null && key.getClass().getName().startsWith("org.conscrypt.");
    }

    private static Key translate(Key key) throws GeneralSecurityException {
        return KeyFactory.getInstance("EC", Objects.requireNonNull(CONSCRYPT)).translateKey(key);
    }

    /**
     * Reads a DER certificate into an {@link X509Certificate}: Conscrypt's when it is loaded, which parses natively,
     * several times faster than the JDK's (whose parse builds each extension by reflection, a fifth of the cost of
     * issuing a certificate); otherwise the JDK's.
     *
     * @throws CertificateException when {@code der} is not a certificate
     */
    public static X509Certificate certificate(byte[] der) throws CertificateException {
        CertificateFactory factory =
                CONSCRYPT != null ? CertificateFactory.getInstance("X.509", CONSCRYPT) : JdkCertificates.FACTORY;
        return (X509Certificate) factory.generateCertificate(new ByteArrayInputStream(der));
    }

    /** The JDK's certificate factory, made on first use. */
    private static final class JdkCertificates {
        static final CertificateFactory FACTORY;

        static {
            try {
                FACTORY = CertificateFactory.getInstance("X.509");
            } catch (CertificateException e) {
                throw new ExceptionInInitializerError(e);
            }
        }
    }

    /** Name of the provider in use, for status output and benchmarks. */
    public static String description() {
        return CONSCRYPT != null ? CONSCRYPT.getName() + " " + CONSCRYPT.getVersionStr() : "JDK default";
    }

    private static @Nullable Provider loadConscrypt() {
        try {
            Provider provider = org.conscrypt.Conscrypt.newProvider();
            // Registered at the end: it is used where asked for by name, never as the JVM-wide default.
            Security.addProvider(provider);
            return provider;
        } catch (LinkageError | RuntimeException unavailable) {
            log.warn(
                    "Conscrypt is not available on this platform ({}); EC signatures use the JDK provider",
                    unavailable.toString());
            return null;
        }
    }
}
