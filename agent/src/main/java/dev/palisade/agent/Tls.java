package dev.palisade.agent;

import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.KeyManagerFactorySpi;
import javax.net.ssl.ManagerFactoryParameters;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509TrustManager;
import org.jspecify.annotations.Nullable;

/**
 * The device's side of TLS: it trusts nothing but the offline root, and presents its one credential whatever issuers
 * the server announces (a device has exactly one identity; choosing among aliases would only add ways to fail).
 */
public final class Tls {

    private Tls() {}

    /** A trust manager that accepts server chains to {@code root} and nothing else. */
    public static X509TrustManager trusting(X509Certificate root) {
        return (X509TrustManager) trustFactory(root).getTrustManagers()[0];
    }

    /** The same trust as a factory, for clients that take one. */
    public static TrustManagerFactory trustFactory(X509Certificate root) {
        try {
            KeyStore anchors = KeyStore.getInstance("PKCS12");
            anchors.load(null, null);
            anchors.setCertificateEntry("root", root);
            TrustManagerFactory factory = TrustManagerFactory.getInstance("PKIX");
            factory.init(anchors);
            return factory;
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalStateException("cannot build the trust in the root", e);
        }
    }

    /** A key manager that presents {@code credential}. */
    public static X509ExtendedKeyManager presenting(DeviceCredential credential) {
        return presenting(credential.key(), credential.chain());
    }

    /** A key manager that presents {@code key} with {@code chain} (its certificate first). */
    public static X509ExtendedKeyManager presenting(PrivateKey key, List<X509Certificate> chain) {
        return new Presenting(key, List.copyOf(chain));
    }

    /** The same as a factory, for clients that take one (the MQTT client does). */
    public static KeyManagerFactory keyFactory(DeviceCredential credential) {
        KeyManager manager = presenting(credential);
        var spi = new KeyManagerFactorySpi() {
            @Override
            protected void engineInit(@Nullable KeyStore keyStore, char @Nullable [] password) {}

            @Override
            protected void engineInit(ManagerFactoryParameters parameters) {}

            @Override
            protected KeyManager[] engineGetKeyManagers() {
                return new KeyManager[] {manager};
            }
        };
        return new KeyManagerFactory(spi, NO_PROVIDER, "device-credential") {};
    }

    /** The factory above is made directly, never looked up: it needs no registered provider. */
    private static final Provider NO_PROVIDER = new Provider("PalisadeAgent", "1", "the device's own credential") {};

    private static final class Presenting extends X509ExtendedKeyManager {

        private static final String ALIAS = "device";

        private final PrivateKey key;
        private final List<X509Certificate> chain;

        Presenting(PrivateKey key, List<X509Certificate> chain) {
            this.key = key;
            this.chain = chain;
        }

        @Override
        public String[] getClientAliases(String keyType, Principal @Nullable [] issuers) {
            return new String[] {ALIAS};
        }

        @Override
        public String chooseClientAlias(String[] keyType, Principal @Nullable [] issuers, @Nullable Socket socket) {
            return ALIAS;
        }

        @Override
        public String chooseEngineClientAlias(
                String[] keyType, Principal @Nullable [] issuers, @Nullable SSLEngine engine) {
            return ALIAS;
        }

        @Override
        public String @Nullable [] getServerAliases(String keyType, Principal @Nullable [] issuers) {
            return null;
        }

        @Override
        public @Nullable String chooseServerAlias(
                String keyType, Principal @Nullable [] issuers, @Nullable Socket socket) {
            return null;
        }

        @Override
        public X509Certificate[] getCertificateChain(String alias) {
            return chain.toArray(X509Certificate[]::new);
        }

        @Override
        public PrivateKey getPrivateKey(String alias) {
            return key;
        }
    }
}
