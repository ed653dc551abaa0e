package dev.palisade.deviceapi.connectors;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Keeps each port's endpoints to itself: the device port serves only EST, attestation, claim proofs, OTA downloads and TUF metadata, the plain-HTTP port only CRLs
 * and OCSP, and the operator port none of them. A request for another port's endpoint is answered as if nothing were there.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 5)
class PortRouting extends OncePerRequestFilter {

    private final DeviceConnectors connectors;

    PortRouting(DeviceConnectors connectors) {
        this.connectors = connectors;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        int port = request.getLocalPort();
        String path = request.getRequestURI();
        boolean deviceOnly = path.startsWith("/.well-known/est/")
                || path.startsWith("/device/v1/attestation/")
                || path.startsWith("/device/v1/claim/")
                || path.startsWith("/device/v1/ota/")
                || path.startsWith("/device/v1/tuf/");
        boolean revocation = path.startsWith("/crl/") || path.startsWith("/ocsp/");
        var ports = connectors.ports();
        boolean allowed =
                port == ports.https() ? deviceOnly : port == ports.http() ? revocation : !deviceOnly && !revocation;
        if (!allowed) {
            response.setStatus(HttpServletResponse.SC_NOT_FOUND);
            response.setContentType("text/plain;charset=UTF-8");
            response.getWriter().write("not found\n");
            return;
        }
        chain.doFilter(request, response);
    }
}
