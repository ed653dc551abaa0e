package dev.palisade.support;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/** TLS trust in tests the way a device has it: the offline root as the one anchor. */
public final class RootTrust {

    private RootTrust() {}

    public static TrustManagerFactory factory(X509Certificate root) {
        try {
            KeyStore anchors = KeyStore.getInstance("PKCS12");
            anchors.load(null, null);
            anchors.setCertificateEntry("offline-root", root);
            TrustManagerFactory factory = TrustManagerFactory.getInstance("PKIX");
            factory.init(anchors);
            return factory;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static X509TrustManager manager(X509Certificate root) {
        return (X509TrustManager) factory(root).getTrustManagers()[0];
    }
}
