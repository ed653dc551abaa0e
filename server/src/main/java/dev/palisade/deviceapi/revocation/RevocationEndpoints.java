package dev.palisade.deviceapi.revocation;

import dev.palisade.pki.CaId;
import dev.palisade.pki.RevocationStatus;
import dev.palisade.shared.Uuids;
import java.util.Base64;
import java.util.Optional;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * CRLs at the distribution points named in every certificate, {@code /crl/<ca>.crl} (full) and {@code
 * /crl/<ca>-delta.crl}, and the OCSP responder at {@code /ocsp/<ca>} by POST, or by GET with the base64 request in the
 * path (RFC 6960 appendix A).
 */
@RestController
class RevocationEndpoints {

    private static final String CRL = "application/pkix-crl";
    private static final String OCSP_RESPONSE = "application/ocsp-response";

    private final RevocationStatus status;

    RevocationEndpoints(RevocationStatus status) {
        this.status = status;
    }

    @GetMapping("/crl/{name}")
    ResponseEntity<byte[]> crl(@PathVariable String name) {
        boolean delta = name.endsWith("-delta.crl");
        String id = name.substring(0, Math.max(0, name.length() - (delta ? "-delta.crl".length() : ".crl".length())));
        Optional<CaId> ca = caId(id).filter(found -> name.endsWith(".crl"));
        Optional<byte[]> der = ca.flatMap(found -> delta ? status.deltaCrl(found) : status.fullCrl(found));
        if (der.isEmpty()) {
            return ResponseEntity.status(HttpStatus.NOT_FOUND).build();
        }
        return ResponseEntity.ok()
                .header(HttpHeaders.CONTENT_TYPE, CRL)
                .cacheControl(CacheControl.noCache())
                .body(der.get());
    }

    @PostMapping("/ocsp/{ca}")
    ResponseEntity<byte[]> ocsp(@PathVariable String ca, @RequestBody(required = false) byte[] request) {
        return answer(ca, request == null ? new byte[0] : request);
    }

    @GetMapping("/ocsp/{ca}/{request}")
    ResponseEntity<byte[]> ocspGet(@PathVariable String ca, @PathVariable String request) {
        byte[] der;
        try {
            der = Base64.getDecoder().decode(request);
        } catch (IllegalArgumentException notBase64) {
            der = new byte[0];
        }
        return answer(ca, der);
    }

    private ResponseEntity<byte[]> answer(String ca, byte[] request) {
        Optional<byte[]> response = caId(ca).flatMap(id -> status.ocsp(id, request));
        return response.map(der -> ResponseEntity.ok()
                        .header(HttpHeaders.CONTENT_TYPE, OCSP_RESPONSE)
                        .body(der))
                .orElseGet(() -> ResponseEntity.status(HttpStatus.NOT_FOUND).build());
    }

    private static Optional<CaId> caId(String text) {
        try {
            return Optional.of(new CaId(Uuids.parse(text)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
