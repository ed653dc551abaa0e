package dev.palisade.api.pki;

import dev.palisade.api.idempotency.IdempotentCreation;
import dev.palisade.api.pki.PkiViews.CertificateView;
import dev.palisade.api.security.RequiresPermission;
import dev.palisade.api.web.Cursors;
import dev.palisade.api.web.PageResponse;
import dev.palisade.identity.DeviceId;
import dev.palisade.identity.DeviceRegistry;
import dev.palisade.pki.CaId;
import dev.palisade.pki.CertificateIssuance;
import dev.palisade.pki.CertificateRevocation;
import dev.palisade.pki.IssuedCertificate;
import dev.palisade.pki.x509.CertificateProfile;
import dev.palisade.shared.problem.InvalidInputException;
import dev.palisade.tenancy.Caller;
import dev.palisade.tenancy.Permission;
import dev.palisade.tenancy.TenancyInputs;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Certificates of the caller's tenant's devices: issue from a CSR, list, show, renew, revoke. */
@RestController
class CertificateController {

    private static final String LIST = "certificates";
    private static final Pattern SERIAL = Pattern.compile("[0-9a-f]{1,40}");
    private static final Duration MAX_LIFETIME = Duration.ofDays(3650);

    private final CertificateIssuance issuance;
    private final CertificateRevocation revocation;
    private final IdempotentCreation idempotent;
    private final DeviceRegistry devices;

    CertificateController(
            CertificateIssuance issuance,
            CertificateRevocation revocation,
            IdempotentCreation idempotent,
            DeviceRegistry devices) {
        this.devices = devices;
        this.issuance = issuance;
        this.revocation = revocation;
        this.idempotent = idempotent;
    }

    @PostMapping("/api/v1/devices/{deviceId}/certificates")
    @RequiresPermission(Permission.DEVICES_MANAGE)
    ResponseEntity<Object> issue(
            Caller caller,
            @PathVariable String deviceId,
            @RequestBody IssueRequest request,
            @RequestHeader(name = IdempotentCreation.HEADER, required = false) @Nullable String idempotencyKey) {
        DeviceId device = DeviceRegistry.parse("deviceId", deviceId);
        // an unknown device is reported before a malformed request, as everywhere else in the API
        devices.get(caller, device);
        byte[] csr = csr(request.csr());
        CertificateProfile profile = profile(request.profile());
        Duration lifetime = lifetime(request.lifetime());
        return idempotent.create(
                caller,
                idempotencyKey,
                "POST /api/v1/devices/" + device + "/certificates",
                request,
                () -> full(issuance.issue(caller, device, csr, profile, lifetime)),
                view -> view);
    }

    @GetMapping("/api/v1/devices/{deviceId}/certificates")
    @RequiresPermission(Permission.DEVICES_READ)
    PageResponse<CertificateView> list(
            Caller caller,
            @PathVariable String deviceId,
            @RequestParam(required = false) @Nullable String cursor,
            @RequestParam(required = false) @Nullable Integer limit) {
        return PageResponse.of(
                LIST,
                issuance.list(
                        caller, DeviceRegistry.parse("deviceId", deviceId), Cursors.instantKeyed(LIST, cursor, limit)),
                CertificateView::summary);
    }

    @PostMapping("/api/v1/devices/{deviceId}/revoke-certificates")
    @RequiresPermission(Permission.DEVICES_MANAGE)
    RevokedView revokeDevice(
            Caller caller,
            @PathVariable String deviceId,
            @RequestBody(required = false) CaController.@Nullable RevocationRequest request) {
        List<IssuedCertificate> revoked = revocation.revokeDevice(
                caller,
                DeviceRegistry.parse("deviceId", deviceId),
                CertificateRevocation.reason("reason", request == null ? null : request.reason()));
        return new RevokedView(revoked.stream().map(CertificateView::summary).toList());
    }

    @GetMapping("/api/v1/certificates/{caId}/{serial}")
    @RequiresPermission(Permission.DEVICES_READ)
    CertificateView get(Caller caller, @PathVariable String caId, @PathVariable String serial) {
        IssuedCertificate certificate = issuance.get(caller, CaController.id(caId), serial(serial));
        return CertificateView.full(certificate, issuance.chain(certificate));
    }

    @PostMapping("/api/v1/certificates/{caId}/{serial}/renew")
    @RequiresPermission(Permission.DEVICES_MANAGE)
    ResponseEntity<Object> renew(
            Caller caller,
            @PathVariable String caId,
            @PathVariable String serial,
            @RequestBody IssueRequest request,
            @RequestHeader(name = IdempotentCreation.HEADER, required = false) @Nullable String idempotencyKey) {
        CaId issuer = CaController.id(caId);
        IssuedCertificate current = issuance.get(caller, issuer, serial(serial));
        DeviceId device = current.device();
        if (device == null) {
            throw new InvalidInputException(
                    "pki.certificate.not-a-device-certificate",
                    "serial",
                    "only device and bootstrap certificates are renewed here");
        }
        byte[] csr = csr(request.csr());
        Duration lifetime = lifetime(request.lifetime());
        return idempotent.create(
                caller,
                idempotencyKey,
                "POST /api/v1/certificates/" + issuer + "/" + serial + "/renew",
                request,
                () -> full(issuance.issue(caller, device, csr, current.profile(), lifetime)),
                view -> view);
    }

    @PostMapping("/api/v1/certificates/{caId}/{serial}/revoke")
    @RequiresPermission(Permission.DEVICES_MANAGE)
    CertificateView revoke(
            Caller caller,
            @PathVariable String caId,
            @PathVariable String serial,
            @RequestBody(required = false) CaController.@Nullable RevocationRequest request) {
        return CertificateView.summary(revocation.revoke(
                caller,
                CaController.id(caId),
                serial(serial),
                CertificateRevocation.reason("reason", request == null ? null : request.reason())));
    }

    private CertificateView full(IssuedCertificate issued) {
        return CertificateView.full(issued, issuance.chain(issued));
    }

    private static byte[] csr(@Nullable String pem) {
        if (pem == null || pem.isBlank()) {
            throw new InvalidInputException("csr", "csr is required: a PEM CERTIFICATE REQUEST");
        }
        return pem.getBytes(StandardCharsets.US_ASCII);
    }

    private static CertificateProfile profile(@Nullable String profile) {
        if (profile == null || profile.equals("device")) {
            return CertificateProfile.DEVICE;
        }
        if (profile.equals("bootstrap")) {
            return CertificateProfile.BOOTSTRAP;
        }
        throw new InvalidInputException("pki.profile.not-for-devices", "profile", "profile is device or bootstrap");
    }

    private static @Nullable Duration lifetime(@Nullable String lifetime) {
        return lifetime == null ? null : TenancyInputs.lifetime("lifetime", lifetime, MAX_LIFETIME);
    }

    private static BigInteger serial(String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        if (!SERIAL.matcher(lower).matches()) {
            throw new InvalidInputException("request.invalid-parameter", "serial", "serial is hexadecimal");
        }
        return new BigInteger(lower, 16);
    }

    /**
     * @param csr PEM PKCS#10 request whose subject CN is the device id
     * @param profile device (default) or bootstrap
     * @param lifetime ISO-8601 duration, for example PT12H or P30D; the profile's default when omitted
     */
    record IssueRequest(
            @Nullable String csr,
            @Nullable String profile,
            @Nullable String lifetime) {}

    record RevokedView(List<CertificateView> revoked) {}
}
