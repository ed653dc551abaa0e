package dev.palisade.deviceapi.connectors;

import dev.palisade.deviceapi.DeviceApiSettings;
import dev.palisade.deviceapi.DevicePorts;
import dev.palisade.deviceapi.tls.DeviceClientTrust;
import dev.palisade.deviceapi.tls.DeviceEndpointIdentity;
import dev.palisade.deviceapi.tls.TomcatSslContext;
import org.apache.catalina.connector.Connector;
import org.apache.coyote.http11.AbstractHttp11Protocol;
import org.apache.tomcat.util.net.SSLHostConfig;
import org.apache.tomcat.util.net.SSLHostConfigCertificate;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.stereotype.Component;

/**
 * Adds the device-facing connectors to the server: HTTPS with TLS 1.3 only and optional client certificates (a
 * device without one may still fetch the CA certificates), and plain HTTP for CRLs and OCSP, which relying parties
 * fetch before they can trust anything.
 */
@Component
public class DeviceConnectors implements WebServerFactoryCustomizer<TomcatServletWebServerFactory> {

    private final DeviceApiSettings settings;
    private final DeviceEndpointIdentity identity;
    private final DeviceClientTrust trust;
    private final Connector https;
    private final Connector http;

    DeviceConnectors(DeviceApiSettings settings, DeviceEndpointIdentity identity, DeviceClientTrust trust) {
        this.settings = settings;
        this.identity = identity;
        this.trust = trust;
        this.https = httpsConnector();
        this.http = httpConnector();
    }

    @Override
    public void customize(TomcatServletWebServerFactory factory) {
        if (settings.enabled()) {
            factory.addAdditionalConnectors(https, http);
        }
    }

    /** The ports as bound, once the server started. */
    public DevicePorts ports() {
        return settings.enabled() ? new DevicePorts(https.getLocalPort(), http.getLocalPort()) : DevicePorts.NONE;
    }

    private Connector httpsConnector() {
        Connector connector = new Connector(TomcatServletWebServerFactory.DEFAULT_PROTOCOL);
        connector.setPort(settings.port());
        connector.setScheme("https");
        connector.setSecure(true);
        connector.setProperty("address", settings.bindAddress());
        var protocol = (AbstractHttp11Protocol<?>) connector.getProtocolHandler();
        protocol.setSSLEnabled(true);
        var ssl = new SSLHostConfig();
        ssl.setHostName("_default_");
        ssl.setProtocols("TLSv1.3");
        // Named, rather than Tomcat's default list of every suite the JDK knows, which Conscrypt refuses in part. Only
        // TLS 1.3 is enabled, so these TLS 1.2 suites are never negotiated; Conscrypt derives from them which kind of
        // certificate (EC) to ask the key manager for, and with no such suite offers none. The TLS 1.3 suites are
        // the implementations' defaults (AES-GCM, ChaCha20-Poly1305).
        ssl.setCiphers("TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256:TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384");
        ssl.setCertificateVerification("optional");
        var certificate = new SSLHostConfigCertificate(ssl, SSLHostConfigCertificate.Type.EC);
        certificate.setSslContext(new TomcatSslContext(identity, trust));
        ssl.addCertificate(certificate);
        protocol.addSslHostConfig(ssl);
        return connector;
    }

    private Connector httpConnector() {
        Connector connector = new Connector(TomcatServletWebServerFactory.DEFAULT_PROTOCOL);
        connector.setPort(settings.httpPort());
        connector.setProperty("address", settings.bindAddress());
        // relying parties (brokers, gateways) ask for OCSP answers over long-lived connections: let a connection carry
        // many more requests than Tomcat's default of 100 before it is closed and must be opened again
        ((AbstractHttp11Protocol<?>) connector.getProtocolHandler()).setMaxKeepAliveRequests(10_000);
        // an OCSP GET carries the URL-encoded base64 request in the path (RFC 6960 A.1), and base64 has '/': let "%2F"
        // through undecoded to the responder, which decodes the segment itself; Tomcat would refuse it by default
        connector.setEncodedSolidusHandling("passthrough");
        return connector;
    }
}
