package dev.palisade.broker.internal;

import dev.palisade.pki.DeviceAuthentication;
import dev.palisade.pki.DeviceChainTrust;
import java.security.InvalidAlgorithmParameterException;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import javax.net.ssl.ManagerFactoryParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactorySpi;
import org.jspecify.annotations.Nullable;

/**
 * The broker's TLS layer judges client certificates as the device endpoint's does ({@link DeviceChainTrust} over
 * {@link DeviceAuthentication#checkChain}): a path through a currently trusted issuing CA, each CA validated against
 * the root once rather than in every handshake. HiveMQ's default, the JDK's trust manager over the trust store, verifies the
 * root's P-384 signature on the issuing CA with the JDK's own arithmetic on every connection: most of a handshake's
 * cost (docs/BENCHMARKS.md).
 *
 * <p>A certificate that no Palisade CA explains may still be a manufacturer's bootstrap certificate for a device's
 * first contact ({@link BootstrapGate}): it completes the handshake, and the extension then holds its session to the
 * bootstrap policy.
 *
 * <p>The TLS layer still announces only what the trust store holds (the root) as acceptable issuers, never the
 * tenants' or the manufacturers' CAs.
 */
final class BrokerClientTrust {

    private BrokerClientTrust() {}

    /** What HiveMQ gets when it asks the JCA for a trust manager factory; it hands over the trust store. */
    static final class Factory extends TrustManagerFactorySpi {

        private final DeviceAuthentication authentication;
        private final BootstrapGate bootstrap;
        private @Nullable DeviceChainTrust trust;

        Factory(DeviceAuthentication authentication, BootstrapGate bootstrap) {
            this.authentication = authentication;
            this.bootstrap = bootstrap;
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
            trust = new WithBootstrap(authentication, announced, bootstrap);
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

    /** Palisade's own CAs first; a bootstrap CA some tenant registered where they do not explain the chain. */
    private static final class WithBootstrap extends DeviceChainTrust {

        private final BootstrapGate bootstrap;

        WithBootstrap(DeviceAuthentication authentication, List<X509Certificate> announced, BootstrapGate bootstrap) {
            super(authentication, announced);
            this.bootstrap = bootstrap;
        }

        @Override
        protected void checkOtherwise(X509Certificate[] chain, CertificateException notPalisades)
                throws CertificateException {
            try {
                bootstrap.checkChain(chain);
            } catch (CertificateException notBootstrap) {
                notPalisades.addSuppressed(notBootstrap);
                throw notPalisades;
            }
        }
    }
}
