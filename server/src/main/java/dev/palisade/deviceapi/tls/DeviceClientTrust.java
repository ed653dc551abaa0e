package dev.palisade.deviceapi.tls;

import dev.palisade.pki.DeviceAuthentication;
import dev.palisade.pki.DeviceChainTrust;
import dev.palisade.provisioning.ManufacturerTrust;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * Trust for device client certificates at the TLS layer: paths through Palisade's trusted issuing CAs to the offline
 * root. Who the device is, and whether its certificate is revoked, is decided per request (see
 * {@link DeviceAuthentication#identify}); a client without a certificate may still fetch the CA certificates.
 *
 * <p>This endpoint also lets in a certificate that chains to a manufacturer's bootstrap CA
 * registered with a tenant ({@link ManufacturerTrust}): a device fresh from the factory holds nothing else, and its
 * first contact is an EST enrolment here. Letting it through the handshake grants nothing by itself: every request is
 * judged by {@link DeviceAuthentication#identify}, which knows only Palisade's own CAs and so never takes such a
 * certificate for a device, and only {@code simpleenroll} (and the claim and attestation endpoints of a device waiting
 * to register) hand it on to provisioning. The broker admits it the same way, for its provisioning topics only.
 */
@Component
public class DeviceClientTrust extends DeviceChainTrust {

    private final ManufacturerTrust manufacturers;

    /**
     * Announcing no issuers: JSSE names them in every TLS 1.3 CertificateRequest, to anyone who connects, and the
     * tenants' CAs would tell an anonymous client which tenants exist (and outgrow the {@code certificate_authorities}
     * extension). A device holds certificates of its own tenant only and needs no hint to pick one.
     */
    DeviceClientTrust(DeviceAuthentication authentication, ManufacturerTrust manufacturers) {
        super(authentication, List.of());
        this.manufacturers = manufacturers;
    }

    @Override
    protected void checkOtherwise(X509Certificate[] chain, CertificateException notPalisades)
            throws CertificateException {
        try {
            manufacturers.checkChain(chain);
        } catch (CertificateException notManufacturers) {
            notPalisades.addSuppressed(notManufacturers);
            throw notPalisades;
        }
    }
}
