package dev.palisade.deviceapi.tls;

import dev.palisade.keys.FastCrypto;
import java.security.KeyManagementException;
import java.security.NoSuchAlgorithmException;
import java.security.Provider;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocketFactory;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.TrustManager;
import org.jspecify.annotations.Nullable;

/**
 * Hands Tomcat an SSL context built on Palisade's own key and trust managers, which follow certificate rotation and
 * CA changes without restarting the connector. Tomcat's own key-store based initialisation is bypassed.
 *
 * <p>The TLS implementation is Conscrypt's (BoringSSL) where it loads: a device connection is a full TLS 1.3
 * handshake with a client certificate, and the JDK's implementation, whose elliptic-curve arithmetic is several times
 * slower, would make the handshake the ceiling of enrolment throughput (docs/BENCHMARKS.md). Where Conscrypt is not
 * available the JDK's serves, with the same managers and the same protocol settings.
 */
public final class TomcatSslContext implements org.apache.tomcat.util.net.SSLContext {

    private final DeviceEndpointIdentity identity;
    private final SSLContext context;

    public TomcatSslContext(DeviceEndpointIdentity identity, DeviceClientTrust trust) {
        this.identity = identity;
        try {
            Provider fast = FastCrypto.ecProvider();
            this.context = fast == null ? SSLContext.getInstance("TLSv1.3") : SSLContext.getInstance("TLSv1.3", fast);
            this.context.init(new KeyManager[] {identity}, new TrustManager[] {trust}, new SecureRandom());
        } catch (NoSuchAlgorithmException | KeyManagementException e) {
            throw new IllegalStateException("cannot set up TLS 1.3 for the device endpoint", e);
        }
    }

    @Override
    public void init(
            KeyManager @Nullable [] keyManagers,
            TrustManager @Nullable [] trustManagers,
            @Nullable SecureRandom random) {
        // already initialised with Palisade's managers
    }

    @Override
    public void destroy() {
        // nothing held beyond the JSSE context
    }

    @Override
    public SSLSessionContext getServerSessionContext() {
        return context.getServerSessionContext();
    }

    @Override
    public SSLEngine createSSLEngine() {
        return context.createSSLEngine();
    }

    @Override
    public SSLServerSocketFactory getServerSocketFactory() {
        return context.getServerSocketFactory();
    }

    @Override
    public SSLParameters getSupportedSSLParameters() {
        return context.getSupportedSSLParameters();
    }

    @Override
    public X509Certificate @Nullable [] getCertificateChain(String alias) {
        return identity.getCertificateChain(alias);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[0];
    }
}
