package dev.palisade.broker.internal;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.security.KeyManagementException;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContextSpi;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLServerSocketFactory;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509KeyManager;
import javax.net.ssl.X509TrustManager;
import org.jspecify.annotations.Nullable;

/**
 * A JSSE context whose engines are BoringSSL's, through Netty's netty-tcnative: what HiveMQ gets when it asks for a
 * "TLS" context for its listener. HiveMQ sees an ordinary {@code SSLEngine} ({@link X509SessionEngine}).
 *
 * <p>The server's key and certificate chain are taken once from the key manager HiveMQ builds from its key store (so
 * BoringSSL holds the key in its own form instead of converting it in every handshake); client certificates are judged
 * by the trust manager HiveMQ hands over ({@link BrokerClientTrust}). HiveMQ makes a new context when its stores change.
 * Protocols, cipher suites and client authentication are set on each engine by Netty's context around this one, from
 * the broker's configuration (TLS 1.3 only, client certificate required); they are set here too, so that an engine of
 * this context is never laxer than the listener.
 */
final class BoringSslContext extends SSLContextSpi {

    private static final String[] KEY_TYPES = {"EC", "RSA"};

    private volatile @Nullable SslContext boringSsl;

    @Override
    protected void engineInit(
            KeyManager @Nullable [] keyManagers, TrustManager @Nullable [] trustManagers, @Nullable SecureRandom random)
            throws KeyManagementException {
        X509KeyManager keys = first(keyManagers, X509KeyManager.class);
        X509TrustManager trust = first(trustManagers, X509TrustManager.class);
        String alias = Arrays.stream(KEY_TYPES)
                .map(type -> keys.chooseServerAlias(type, null, null))
                .filter(chosen -> chosen != null)
                .findFirst()
                .orElseThrow(() -> new KeyManagementException("the broker's key store holds no server key"));
        PrivateKey key = keys.getPrivateKey(alias);
        X509Certificate[] chain = keys.getCertificateChain(alias);
        try {
            boringSsl = SslContextBuilder.forServer(key, chain)
                    .sslProvider(SslProvider.OPENSSL)
                    .trustManager(trust)
                    .clientAuth(ClientAuth.REQUIRE)
                    .protocols("TLSv1.3")
                    .build();
        } catch (javax.net.ssl.SSLException e) {
            throw new KeyManagementException("BoringSSL cannot take the broker's key and certificate", e);
        }
    }

    private static <T> T first(Object @Nullable [] managers, Class<T> type) throws KeyManagementException {
        if (managers != null) {
            for (Object manager : managers) {
                if (type.isInstance(manager)) {
                    return type.cast(manager);
                }
            }
        }
        throw new KeyManagementException("the broker's TLS listener needs a " + type.getSimpleName());
    }

    private SslContext context() {
        SslContext context = boringSsl;
        if (context == null) {
            throw new IllegalStateException("not initialised");
        }
        return context;
    }

    @Override
    protected SSLEngine engineCreateSSLEngine() {
        return new X509SessionEngine(context().newEngine(ByteBufAllocator.DEFAULT));
    }

    @Override
    protected SSLEngine engineCreateSSLEngine(String host, int port) {
        return new X509SessionEngine(context().newEngine(ByteBufAllocator.DEFAULT, host, port));
    }

    @Override
    protected SSLSessionContext engineGetServerSessionContext() {
        return context().sessionContext();
    }

    @Override
    protected SSLSessionContext engineGetClientSessionContext() {
        throw new UnsupportedOperationException("the broker's listener is a server");
    }

    @Override
    protected SSLSocketFactory engineGetSocketFactory() {
        throw new UnsupportedOperationException("the broker's listener uses engines only");
    }

    @Override
    protected SSLServerSocketFactory engineGetServerSocketFactory() {
        throw new UnsupportedOperationException("the broker's listener uses engines only");
    }
}
