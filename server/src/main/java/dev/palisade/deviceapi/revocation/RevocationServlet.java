package dev.palisade.deviceapi.revocation;

import dev.palisade.pki.CaId;
import dev.palisade.pki.RevocationStatus;
import dev.palisade.shared.Uuids;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * CRLs at the distribution points named in every certificate, {@code /crl/<ca>.crl} (full) and {@code
 * /crl/<ca>-delta.crl}, and the OCSP responder at {@code /ocsp/<ca>} by POST, or by GET with the URL-encoded base64
 * request after it (RFC 6960 appendix A).
 *
 * <p>A plain servlet rather than a Spring MVC controller: relying parties ask for the status of every certificate they
 * see, and the answers come from memory, so request mapping, argument resolution and message conversion would be most
 * of the cost of an answer (see docs/BENCHMARKS.md, PKI). The filters in front of every servlet (request ids, port
 * routing, body size) still apply.
 */
final class RevocationServlet extends HttpServlet {

    /** Far above any real request (one certificate id is about 80 bytes); a larger body is not read. */
    static final int MAX_OCSP_REQUEST = 16 * 1024;

    private static final String CRL = "application/pkix-crl";
    private static final String OCSP_RESPONSE = "application/ocsp-response";
    private static final String OCSP_REQUEST = "application/ocsp-request";
    private static final byte[] MALFORMED = new byte[0];

    private final transient RevocationStatus status;

    RevocationServlet(RevocationStatus status) {
        this.status = status;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getRequestURI();
        if (path.startsWith("/crl/")) {
            crl(path.substring("/crl/".length()), response);
        } else if (path.startsWith("/ocsp/")) {
            String rest = path.substring("/ocsp/".length());
            int slash = rest.indexOf('/');
            if (slash < 0) {
                notFound(response);
                return;
            }
            answer(rest.substring(0, slash), decodeGetRequest(rest.substring(slash + 1)), response);
        } else {
            notFound(response);
        }
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getRequestURI();
        if (!path.startsWith("/ocsp/") || path.indexOf('/', "/ocsp/".length()) >= 0) {
            notFound(response);
            return;
        }
        answer(path.substring("/ocsp/".length()), body(request), response);
    }

    private void crl(String name, HttpServletResponse response) throws IOException {
        boolean delta = name.endsWith("-delta.crl");
        String id = name.substring(0, Math.max(0, name.length() - (delta ? "-delta.crl".length() : ".crl".length())));
        Optional<byte[]> der = caId(id).filter(found -> name.endsWith(".crl"))
                .flatMap(found -> delta ? status.deltaCrl(found) : status.fullCrl(found));
        if (der.isEmpty()) {
            notFound(response);
            return;
        }
        response.setHeader("Cache-Control", "no-cache");
        write(response, CRL, der.get());
    }

    private void answer(String ca, byte[] request, HttpServletResponse response) throws IOException {
        Optional<byte[]> der = caId(ca).flatMap(id -> status.ocsp(id, request));
        if (der.isEmpty()) {
            notFound(response);
            return;
        }
        write(response, OCSP_RESPONSE, der.get());
    }

    /**
     * The request body, or an empty one (which the responder answers "malformedRequest") when it is not an OCSP request
     * or larger than any OCSP request.
     */
    private static byte[] body(HttpServletRequest request) throws IOException {
        String type = request.getContentType();
        if (type != null && !type.regionMatches(true, 0, OCSP_REQUEST, 0, OCSP_REQUEST.length())) {
            return MALFORMED;
        }
        long declared = request.getContentLengthLong();
        if (declared > MAX_OCSP_REQUEST) {
            return MALFORMED;
        }
        try (InputStream in = request.getInputStream()) {
            byte[] body = in.readNBytes(MAX_OCSP_REQUEST + 1);
            return body.length > MAX_OCSP_REQUEST ? MALFORMED : body;
        }
    }

    /**
     * RFC 6960 A.1: the path segment is the URL encoding of the base64 DER. Clients differ in how much they encode,
     * and base64 may itself contain '/', so the whole rest of the path is taken and decoded. In a path '+' is itself,
     * not the space of form encoding, so it is kept before percent-decoding.
     */
    static byte[] decodeGetRequest(String encoded) {
        if (encoded.length() > 2 * MAX_OCSP_REQUEST) {
            return MALFORMED;
        }
        try {
            return Base64.getDecoder()
                    .decode(URLDecoder.decode(encoded.replace("+", "%2B"), StandardCharsets.US_ASCII));
        } catch (IllegalArgumentException notBase64) {
            return MALFORMED;
        }
    }

    private static void write(HttpServletResponse response, String contentType, byte[] body) throws IOException {
        response.setStatus(HttpServletResponse.SC_OK);
        response.setContentType(contentType);
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    private static void notFound(HttpServletResponse response) {
        response.setStatus(HttpServletResponse.SC_NOT_FOUND);
    }

    private static Optional<CaId> caId(@Nullable String text) {
        if (text == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(new CaId(Uuids.parse(text)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
