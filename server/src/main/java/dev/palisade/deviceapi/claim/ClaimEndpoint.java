package dev.palisade.deviceapi.claim;

import dev.palisade.api.Requests;
import dev.palisade.provisioning.ClaimProofs;
import dev.palisade.provisioning.RefusalReason;
import dev.palisade.shared.TenantId;
import dev.palisade.shared.problem.ConflictException;
import dev.palisade.shared.problem.ForbiddenException;
import dev.palisade.shared.problem.NotFoundException;
import dev.palisade.tenancy.TenantDirectory;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.security.cert.X509Certificate;
import java.time.Instant;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /device/v1/claim/[<tenant>/]nonce} and {@code .../proof}: the device, authenticated by its bootstrap
 * certificate, proves its owner's claim on it (docs/provisioning.md, "Claiming"). The optional tenant segment names the
 * tenant by its slug, as the EST label does; without it, the tenant is the one that registered the certificate's CA,
 * if only one did. Refusals are problem details whose {@code code} says why.
 */
@RestController
class ClaimEndpoint {

    static final String BASE = "/device/v1/claim/";
    private static final String CLIENT_CERTIFICATE = "jakarta.servlet.request.X509Certificate";

    private final ClaimProofs proofs;
    private final TenantDirectory tenants;

    ClaimEndpoint(ClaimProofs proofs, TenantDirectory tenants) {
        this.proofs = proofs;
        this.tenants = tenants;
    }

    @PostMapping({BASE + "nonce", BASE + "{label}/nonce"})
    NonceView nonce(@PathVariable(required = false) @Nullable String label, HttpServletRequest request) {
        ClaimProofs.ClaimNonce nonce = proofs.nonce(tenant(label), chain(request), Requests.id(request));
        return new NonceView(nonce.hex(), nonce.expiresAt());
    }

    @PostMapping({BASE + "proof", BASE + "{label}/proof"})
    ProvenView prove(
            @PathVariable(required = false) @Nullable String label,
            @RequestBody ProofRequest body,
            HttpServletRequest request) {
        ClaimProofs.Proven proven = proofs.prove(
                tenant(label), chain(request), body.nonce(), body.code(), body.signature(), Requests.id(request));
        return new ProvenView(proven.claim().toString(), proven.device().value(), "proven", proven.expiresAt());
    }

    /**
     * Too many requests is a "later", with the same Retry-After as first contact's; other conflicts are 409. The
     * problem has the form the operator API's problems have.
     */
    @ExceptionHandler(ConflictException.class)
    ResponseEntity<ProblemDetail> conflict(ConflictException e, HttpServletRequest request) {
        boolean later = e.code().equals(RefusalReason.RATE_LIMITED.code());
        HttpStatus status = later ? HttpStatus.SERVICE_UNAVAILABLE : HttpStatus.CONFLICT;
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, e.detail());
        problem.setType(URI.create("urn:palisade:problem:" + e.code()));
        problem.setTitle(status.getReasonPhrase());
        problem.setInstance(URI.create(request.getRequestURI()));
        problem.setProperty("code", e.code());
        problem.setProperty("requestId", Requests.id(request));
        var response = ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON);
        if (later) {
            response.header(HttpHeaders.RETRY_AFTER, "1");
        }
        return response.body(problem);
    }

    private @Nullable TenantId tenant(@Nullable String label) {
        if (label == null) {
            return null;
        }
        return tenants.bySlug(label)
                .orElseThrow(() -> new NotFoundException("request.not-found", "no tenant is named '" + label + "'"));
    }

    private static X509Certificate[] chain(HttpServletRequest request) {
        if (request.getAttribute(CLIENT_CERTIFICATE) instanceof X509Certificate[] chain && chain.length > 0) {
            return chain;
        }
        throw new ForbiddenException(
                RefusalReason.UNKNOWN_BOOTSTRAP_CA.code(),
                "a claimed device presents its manufacturer's bootstrap certificate as its TLS client certificate");
    }

    /**
     * @param nonce the nonce, lower-case hex
     * @param code the claim code on the device's label
     * @param signature base64 signature, with the bootstrap certificate's key, over the proof's signed bytes
     */
    record ProofRequest(
            @Nullable String nonce,
            @Nullable String code,
            @Nullable String signature) {

        @Override
        public String toString() {
            return "ProofRequest[nonce=" + nonce + ", code redacted]";
        }
    }

    record NonceView(String nonce, Instant expiresAt) {}

    /** @param deviceId the id the device registers as: its CSR's common name */
    record ProvenView(String claimId, String deviceId, String state, Instant expiresAt) {}
}
