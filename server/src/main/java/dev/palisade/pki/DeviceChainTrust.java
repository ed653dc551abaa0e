package dev.palisade.pki;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;
import org.jspecify.annotations.Nullable;

/**
 * A TLS server's trust in device client certificates: {@link DeviceAuthentication#checkChain}, a path through a
 * currently trusted issuing CA, each CA validated against the root once rather than in every handshake. It trusts no
 * server: the device-facing endpoints only ever accept clients. What it announces as acceptable issuers is chosen by
 * the endpoint; never the tenants' CAs, which would tell an anonymous client which tenants exist.
 */
public class DeviceChainTrust extends X509ExtendedTrustManager {

    private final DeviceAuthentication authentication;
    private final List<X509Certificate> announced;

    /** @param announced the issuers named in the TLS CertificateRequest (the root, or none) */
    public DeviceChainTrust(DeviceAuthentication authentication, List<X509Certificate> announced) {
        this.authentication = authentication;
        this.announced = List.copyOf(announced);
    }

    private void check(X509Certificate[] chain) throws CertificateException {
        try {
            authentication.checkChain(chain);
        } catch (CertificateException notPalisades) {
            checkOtherwise(chain, notPalisades);
        }
    }

    /**
     * Where no Palisade CA explains the chain: refuses it ({@code notPalisades}) unless an endpoint that also admits
     * another kind of client certificate (a manufacturer's bootstrap certificate) accepts it here.
     */
    protected void checkOtherwise(X509Certificate[] chain, CertificateException notPalisades)
            throws CertificateException {
        throw notPalisades;
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        check(chain);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, @Nullable Socket socket)
            throws CertificateException {
        check(chain);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, @Nullable SSLEngine engine)
            throws CertificateException {
        check(chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw notAClient();
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, @Nullable Socket socket)
            throws CertificateException {
        throw notAClient();
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, @Nullable SSLEngine engine)
            throws CertificateException {
        throw notAClient();
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return announced.toArray(X509Certificate[]::new);
    }

    private static CertificateException notAClient() {
        return new CertificateException("a device-facing endpoint trusts device clients only, no server");
    }
}
