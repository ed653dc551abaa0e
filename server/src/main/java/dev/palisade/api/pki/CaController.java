package dev.palisade.api.pki;

import dev.palisade.api.pki.PkiViews.CaView;
import dev.palisade.api.security.RequiresPermission;
import dev.palisade.pki.CaId;
import dev.palisade.pki.CertificateAuthorities;
import dev.palisade.pki.CertificateRevocation;
import dev.palisade.pki.x509.PemText;
import dev.palisade.shared.Uuids;
import dev.palisade.shared.problem.InvalidInputException;
import dev.palisade.shared.problem.NotFoundException;
import dev.palisade.tenancy.Caller;
import dev.palisade.tenancy.Permission;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** The caller's tenant's certificate authorities, and the offline root's certificate. */
@RestController
class CaController {

    private final CertificateAuthorities authorities;
    private final CertificateRevocation revocation;

    CaController(CertificateAuthorities authorities, CertificateRevocation revocation) {
        this.authorities = authorities;
        this.revocation = revocation;
    }

    @GetMapping("/api/v1/ca")
    @RequiresPermission(Permission.CA_READ)
    List<CaView> list(Caller caller) {
        return authorities.list(caller).stream().map(CaView::of).toList();
    }

    @GetMapping("/api/v1/ca/root")
    @RequiresPermission(Permission.CA_READ)
    PemView root() {
        return new PemView(PemText.certificate(authorities
                .rootCertificate()
                .orElseThrow(() -> new NotFoundException("pki.root.missing", "no root certificate is configured"))));
    }

    @GetMapping("/api/v1/ca/{caId}")
    @RequiresPermission(Permission.CA_READ)
    CaView get(Caller caller, @PathVariable String caId) {
        return CaView.of(authorities.get(caller, id(caId)));
    }

    @GetMapping("/api/v1/ca/{caId}/csr")
    @RequiresPermission(Permission.CA_READ)
    PemView csr(Caller caller, @PathVariable String caId) {
        return new PemView(
                PemText.certificationRequest(authorities.get(caller, id(caId)).csr()));
    }

    @PostMapping("/api/v1/ca")
    @RequiresPermission(Permission.CA_MANAGE)
    ResponseEntity<CaView> introduce(Caller caller) {
        return ResponseEntity.status(HttpStatus.CREATED).body(CaView.of(authorities.introduce(caller)));
    }

    @PutMapping("/api/v1/ca/{caId}/certificate")
    @RequiresPermission(Permission.CA_MANAGE)
    CaView activate(
            Caller caller,
            @PathVariable String caId,
            @RequestBody(required = false) @Nullable CertificateUpload upload) {
        CaId id = id(caId);
        // an unknown CA is reported before a malformed upload, so a caller learns nothing about the body's fate
        authorities.get(caller, id);
        String certificate = upload == null ? null : upload.certificate();
        if (certificate == null) {
            throw new InvalidInputException("certificate", "certificate is required (PEM)");
        }
        return CaView.of(authorities.activate(caller, id, certificate));
    }

    @PostMapping("/api/v1/ca/{caId}/retire")
    @RequiresPermission(Permission.CA_MANAGE)
    CaView retire(Caller caller, @PathVariable String caId) {
        return CaView.of(authorities.retire(caller, id(caId)));
    }

    @PostMapping("/api/v1/ca/{caId}/revoke")
    @RequiresPermission(Permission.CA_MANAGE)
    CaView revoke(
            Caller caller,
            @PathVariable String caId,
            @RequestBody(required = false) @Nullable RevocationRequest request) {
        return CaView.of(revocation.revokeAuthority(
                caller, id(caId), CertificateRevocation.reason("reason", request == null ? null : request.reason())));
    }

    static CaId id(String text) {
        try {
            return new CaId(Uuids.parse(text));
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("request.invalid-parameter", "caId", "caId must be a UUID");
        }
    }

    /** @param certificate PEM */
    record CertificateUpload(@Nullable String certificate) {}

    /** @param reason RFC 5280 reason, for example key-compromise; unspecified when omitted */
    record RevocationRequest(@Nullable String reason) {}

    record PemView(String pem) {}
}
