package dev.palisade.deviceapi.tls;

import dev.palisade.pki.DeviceAuthentication;
import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * Trust for device client certificates at the TLS layer: paths through Palisade's trusted issuing CAs to the offline
 * root. Who the device is, and whether its certificate is revoked, is decided per request (see
 * {@link DeviceAuthentication#identify}); a client without a certificate may still fetch the CA certificates.
 */
@Component
public class DeviceClientTrust extends X509ExtendedTrustManager {

    private final DeviceAuthentication authentication;

    DeviceClientTrust(DeviceAuthentication authentication) {
        this.authentication = authentication;
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
        throw new CertificateException("the device endpoint is a server");
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, @Nullable Socket socket)
            throws CertificateException {
        throw new CertificateException("the device endpoint is a server");
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, @Nullable SSLEngine engine)
            throws CertificateException {
        throw new CertificateException("the device endpoint is a server");
    }

    /**
     * None. JSSE announces these in every TLS 1.3 CertificateRequest, to anyone who connects: the trusted issuing CAs
     * of every tenant would tell an anonymous client which tenants exist, and the list grows with the tenants until it
     * no longer fits the {@code certificate_authorities} extension. A device holds certificates of its own tenant
     * only and needs no hint to pick one.
     */
    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[0];
    }
}
