package dev.palisade.deviceapi.tls;

import dev.palisade.pki.DeviceAuthentication;
import dev.palisade.pki.DeviceChainTrust;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * Trust for device client certificates at the TLS layer: paths through Palisade's trusted issuing CAs to the offline
 * root. Who the device is, and whether its certificate is revoked, is decided per request (see
 * {@link DeviceAuthentication#identify}); a client without a certificate may still fetch the CA certificates.
 */
@Component
public class DeviceClientTrust extends DeviceChainTrust {

    /**
     * Announcing no issuers: JSSE names them in every TLS 1.3 CertificateRequest, to anyone who connects, and the
     * tenants' CAs would tell an anonymous client which tenants exist (and outgrow the {@code certificate_authorities}
     * extension). A device holds certificates of its own tenant only and needs no hint to pick one.
     */
    DeviceClientTrust(DeviceAuthentication authentication) {
        super(authentication, List.of());
    }
}
