package dev.palisade.deviceapi.est;

import dev.palisade.api.Requests;
import dev.palisade.attestation.AttestationVerdicts;
import dev.palisade.pki.AuthenticatedDevice;
import dev.palisade.pki.CertificateAuthorities;
import dev.palisade.pki.CertificateIssuance;
import dev.palisade.pki.DeviceAuthentication;
import dev.palisade.pki.IssuedCertificate;
import dev.palisade.pki.x509.IdentityKind;
import dev.palisade.provisioning.FirstContact;
import dev.palisade.provisioning.FirstContactResult;
import dev.palisade.shared.TenantId;
import dev.palisade.shared.problem.ConflictException;
import dev.palisade.shared.problem.ForbiddenException;
import dev.palisade.shared.problem.InvalidInputException;
import dev.palisade.shared.problem.NotFoundException;
import dev.palisade.shared.problem.PalisadeException;
import dev.palisade.shared.problem.TooLargeException;
import dev.palisade.tenancy.TenantDirectory;
import jakarta.servlet.http.HttpServletRequest;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;

/**
 * The EST server of RFC 7030 under {@code /.well-known/est/}, with an optional label naming the tenant by its slug.
 * Initial enrolment ({@code simpleenroll}) is authenticated by a bootstrap certificate, re-enrolment
 * ({@code simplereenroll}) by the device's current certificate, both at the TLS layer; the request must name the
 * device its certificate names. Fetching the CA certificates needs no client certificate when the label names the
 * tenant. A device's first contact, with a manufacturer's bootstrap certificate rather than one of Palisade's, is
 * {@code simpleenroll} too: provisioning decides, and the operational certificate comes back in the same response.
 * {@link EstServlet} routes the requests here.
 */
@Component
class EstEndpoint {

    private static final Logger log = LoggerFactory.getLogger(EstEndpoint.class);
    private static final String CLIENT_CERTIFICATE = "jakarta.servlet.request.X509Certificate";

    private final DeviceAuthentication authentication;
    private final CertificateIssuance issuance;
    private final CertificateAuthorities authorities;
    private final TenantDirectory tenants;
    private final FirstContact firstContact;
    private final AttestationVerdicts verdicts;
    /**
     * Each tenant's last /cacerts answer, with the certificates it holds: every device asks for it, the CAs behind it
     * change rarely, and building the PKCS#7 was the largest part of answering. Rebuilt when the certificates differ.
     */
    private final Map<TenantId, CaCertificates> caCertificates = new ConcurrentHashMap<>();

    EstEndpoint(
            DeviceAuthentication authentication,
            CertificateIssuance issuance,
            CertificateAuthorities authorities,
            TenantDirectory tenants,
            FirstContact firstContact,
            AttestationVerdicts verdicts) {
        this.authentication = authentication;
        this.issuance = issuance;
        this.authorities = authorities;
        this.tenants = tenants;
        this.firstContact = firstContact;
        this.verdicts = verdicts;
    }

    ResponseEntity<String> caCertificates(@Nullable String label, HttpServletRequest request) {
        TenantId tenant = tenant(label, device(request));
        authorities.ensureIssuing(tenant);
        List<X509Certificate> certificates = new ArrayList<>(authorities.trustedCertificates(tenant));
        if (certificates.isEmpty()) {
            throw new EstException(HttpStatus.SERVICE_UNAVAILABLE, "the tenant's CA is being set up; try again");
        }
        authorities.rootCertificate().ifPresent(certificates::add);
        CaCertificates answer = caCertificates.get(tenant);
        if (answer == null || !answer.certificates().equals(certificates)) {
            answer = new CaCertificates(List.copyOf(certificates), EstMessages.certsOnly(certificates));
            caCertificates.put(tenant, answer);
        }
        return certsOnly(answer.body());
    }

    /** A /cacerts answer ({@code body}, certs-only PKCS#7 in base64) and the certificates it holds. */
    private record CaCertificates(List<X509Certificate> certificates, String body) {}

    ResponseEntity<String> csrAttributes(@Nullable String label) {
        if (label != null) {
            tenant(label, Optional.empty()); // an unknown label is not found here either
        }
        return ResponseEntity.ok()
                .header(HttpHeaders.CONTENT_TYPE, EstMessages.CSR_ATTRIBUTES)
                .header("Content-Transfer-Encoding", "base64")
                .body(EstMessages.csrAttributes());
    }

    ResponseEntity<String> enrol(@Nullable String label, byte[] body, HttpServletRequest request) {
        X509Certificate[] chain = chain(request);
        if (chain.length > 0 && device(request).isEmpty() && firstContact.isBootstrapCertificate(chain)) {
            return firstContact(label, body, chain, request);
        }
        return issue(
                label,
                body,
                request,
                IdentityKind.BOOTSTRAP,
                "initial enrolment needs the bootstrap certificate;"
                        + " a device with an operational certificate re-enrols with simplereenroll");
    }

    ResponseEntity<String> reenrol(@Nullable String label, byte[] body, HttpServletRequest request) {
        device(request)
                .filter(device -> device.kind() == IdentityKind.DEVICE)
                .filter(device -> !verdicts.mayReenrol(device.tenant(), device.device()))
                .ifPresent(device -> {
                    throw new EstException(
                            HttpStatus.FORBIDDEN,
                            "attestation.required: the tenant requires a recent passing attestation before a device"
                                    + " re-enrols; attest, then re-enrol");
                });
        return issue(label, body, request, IdentityKind.DEVICE, "re-enrolment needs the device's current certificate");
    }

    private ResponseEntity<String> issue(
            @Nullable String label,
            byte[] body,
            HttpServletRequest request,
            IdentityKind needed,
            String wrongCertificate) {
        AuthenticatedDevice device = device(request)
                .orElseThrow(() -> new EstException(
                        HttpStatus.FORBIDDEN,
                        "a valid, unrevoked client certificate of a registered device is required"));
        if (device.kind() != needed) {
            throw new EstException(HttpStatus.FORBIDDEN, wrongCertificate);
        }
        if (label != null && !tenant(label, Optional.empty()).equals(device.tenant())) {
            throw new EstException(HttpStatus.FORBIDDEN, "the client certificate belongs to another tenant");
        }
        byte @Nullable [] der = EstMessages.requestDer(body);
        if (der == null) {
            throw new EstException(HttpStatus.BAD_REQUEST, "the body must be a base64 PKCS#10 request");
        }
        IssuedCertificate issued = issuance.enrol(device.tenant(), device.device(), der, Requests.id(request));
        log.debug(
                "EST {} issued certificate {} to device {}",
                needed == IdentityKind.BOOTSTRAP ? "enrolment" : "re-enrolment",
                issued.serialHex(),
                device.device());
        return certsOnly(List.of(issued.certificate()));
    }

    /**
     * A device's first contact with a manufacturer's bootstrap certificate: registered, if the tenant's registration
     * policy allows, and enrolled in this same response. A refusal names its reason code.
     */
    private ResponseEntity<String> firstContact(
            @Nullable String label, byte[] body, X509Certificate[] chain, HttpServletRequest request) {
        @Nullable TenantId tenant = label == null ? null : tenant(label, Optional.empty());
        byte @Nullable [] der = EstMessages.requestDer(body);
        if (der == null) {
            throw new EstException(HttpStatus.BAD_REQUEST, "the body must be a base64 PKCS#10 request");
        }
        return switch (firstContact.enrol(tenant, chain, der, Requests.id(request))) {
            case FirstContactResult.Enrolled enrolled -> {
                log.debug(
                        "EST first contact enrolled device {}",
                        enrolled.certificate().device());
                yield certsOnly(List.of(enrolled.certificate().certificate()));
            }
            case FirstContactResult.Pending pending ->
                // RFC 7030 4.2.3: accepted, not yet issued; the client asks again after Retry-After
                ResponseEntity.status(HttpStatus.ACCEPTED)
                        .header(HttpHeaders.RETRY_AFTER, "10")
                        .header(HttpHeaders.CONTENT_TYPE, "text/plain;charset=UTF-8")
                        .body(pending.code() + ": " + pending.detail() + "\n");
            case FirstContactResult.Refused refused
            when refused.retryLater() ->
                ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                        .header(HttpHeaders.RETRY_AFTER, "1")
                        .header(HttpHeaders.CONTENT_TYPE, "text/plain;charset=UTF-8")
                        .body(refused.code() + ": " + refused.detail() + "\n");
            case FirstContactResult.Refused refused ->
                plain(HttpStatus.FORBIDDEN, refused.code() + ": " + refused.detail());
        };
    }

    private static X509Certificate[] chain(HttpServletRequest request) {
        return request.getAttribute(CLIENT_CERTIFICATE) instanceof X509Certificate[] chain
                ? chain
                : new X509Certificate[0];
    }

    private Optional<AuthenticatedDevice> device(HttpServletRequest request) {
        if (request.getAttribute(CLIENT_CERTIFICATE) instanceof X509Certificate[] chain && chain.length > 0) {
            return authentication.identify(chain[0]);
        }
        return Optional.empty();
    }

    private TenantId tenant(@Nullable String label, Optional<AuthenticatedDevice> device) {
        if (label != null) {
            return tenants.bySlug(label).orElseThrow(() -> new EstException(HttpStatus.NOT_FOUND, "no such EST label"));
        }
        return device.map(AuthenticatedDevice::tenant)
                .orElseThrow(() -> new EstException(
                        HttpStatus.NOT_FOUND,
                        "name the tenant: /.well-known/est/<tenant>/cacerts, or present a device certificate"));
    }

    private static ResponseEntity<String> certsOnly(List<X509Certificate> certificates) {
        return certsOnly(EstMessages.certsOnly(certificates));
    }

    private static ResponseEntity<String> certsOnly(String body) {
        return ResponseEntity.ok()
                .header(HttpHeaders.CONTENT_TYPE, EstMessages.CERTS_ONLY)
                .header("Content-Transfer-Encoding", "base64")
                .body(body);
    }

    static ResponseEntity<String> refused(EstException e) {
        return plain(e.status(), String.valueOf(e.getMessage()));
    }

    /** Features' refusals, in EST's plain-text form. */
    static ResponseEntity<String> refused(PalisadeException e) {
        HttpStatus status = switch (e) {
            case InvalidInputException invalid -> HttpStatus.BAD_REQUEST;
            case NotFoundException notFound -> HttpStatus.NOT_FOUND;
            case ForbiddenException forbidden -> HttpStatus.FORBIDDEN;
            case ConflictException conflict when e.code().equals("pki.ca.not-active") -> HttpStatus.SERVICE_UNAVAILABLE;
            case ConflictException conflict -> HttpStatus.CONFLICT;
            case TooLargeException tooLarge -> HttpStatus.CONTENT_TOO_LARGE;
        };
        ResponseEntity<String> response = plain(status, e.code() + ": " + e.detail());
        return status == HttpStatus.SERVICE_UNAVAILABLE
                ? ResponseEntity.status(status)
                        .header(HttpHeaders.RETRY_AFTER, "10")
                        .headers(response.getHeaders())
                        .body(response.getBody())
                : response;
    }

    static ResponseEntity<String> plain(HttpStatus status, String message) {
        return ResponseEntity.status(status)
                .header(HttpHeaders.CONTENT_TYPE, "text/plain;charset=UTF-8")
                .body(message + "\n");
    }
}
