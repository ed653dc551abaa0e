package dev.palisade.broker.internal;

import dev.palisade.pki.DeviceAuthentication;
import java.net.Socket;
import java.security.InvalidAlgorithmParameterException;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import javax.net.ssl.ManagerFactoryParameters;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactorySpi;
import javax.net.ssl.X509ExtendedTrustManager;
import org.jspecify.annotations.Nullable;

/**
 * The broker's TLS layer judges client certificates as the device endpoint's does: {@link
 * DeviceAuthentication#checkChain}, a path through a currently trusted issuing CA, each CA validated against the root
 * once rather than in every handshake. HiveMQ's default, the JDK's trust manager over the trust store, verifies the
 * root's P-384 signature on the issuing CA with the JDK's own arithmetic on every connection: most of a handshake's
 * cost (docs/BENCHMARKS.md).
 *
 * <p>The TLS layer still announces only what the trust store holds (the root) as acceptable issuers, never the
 * tenants' CAs.
 */
final class BrokerClientTrust extends X509ExtendedTrustManager {

    private final DeviceAuthentication authentication;
    private final X509Certificate[] announced;

    private BrokerClientTrust(DeviceAuthentication authentication, X509Certificate[] announced) {
        this.authentication = authentication;
        this.announced = announced;
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        authentication.checkChain(chain);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, @Nullable Socket socket)
            throws CertificateException {
        authentication.checkChain(chain);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, @Nullable SSLEngine engine)
            throws CertificateException {
        authentication.checkChain(chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("the broker's listener trusts clients only");
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, @Nullable Socket socket)
            throws CertificateException {
        throw new CertificateException("the broker's listener trusts clients only");
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, @Nullable SSLEngine engine)
            throws CertificateException {
        throw new CertificateException("the broker's listener trusts clients only");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return announced.clone();
    }

    /** What HiveMQ gets when it asks the JCA for a trust manager factory; it hands over the trust store. */
    static final class Factory extends TrustManagerFactorySpi {

        private final DeviceAuthentication authentication;
        private @Nullable BrokerClientTrust trust;

        Factory(DeviceAuthentication authentication) {
            this.authentication = authentication;
        }

        @Override
        protected void engineInit(@Nullable KeyStore trustStore) throws KeyStoreException {
            List<X509Certificate> announced = new ArrayList<>();
            if (trustStore != null) {
                for (String alias : Collections.list(trustStore.aliases())) {
                    if (trustStore.getCertificate(alias) instanceof X509Certificate certificate) {
                        announced.add(certificate);
                    }
                }
            }
            trust = new BrokerClientTrust(authentication, announced.toArray(X509Certificate[]::new));
        }

        @Override
        protected void engineInit(ManagerFactoryParameters parameters) throws InvalidAlgorithmParameterException {
            throw new InvalidAlgorithmParameterException("the broker's trust is initialised from its trust store");
        }

        @Override
        protected TrustManager[] engineGetTrustManagers() {
            if (trust == null) {
                throw new IllegalStateException("not initialised");
            }
            return new TrustManager[] {trust};
        }
    }
}
