package dev.palisade.deviceapi.tuf;

import dev.palisade.ota.Sha256;
import dev.palisade.ota.TufRepository;
import dev.palisade.pki.AuthenticatedDevice;
import dev.palisade.pki.DeviceAuthentication;
import dev.palisade.pki.x509.IdentityKind;
import dev.palisade.shared.problem.ForbiddenException;
import dev.palisade.shared.problem.NotFoundException;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.security.cert.X509Certificate;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /device/v1/tuf/{file}}: the TUF metadata of the device's own tenant ({@code root.json}, {@code
 * N.root.json}, {@code timestamp.json}, {@code N.snapshot.json}, {@code N.targets.json}, {@code N.<tier>.json}), and
 * {@code GET /device/v1/tuf/targets/<tier>/<model>/<hardwareRevision>/<sha256>.<version>}: a target under its
 * consistent-snapshot name, answered exactly as the content-addressed download of that SHA-256 (same authorisation,
 * ranges and byte accounting), so a stock TUF client needs no mapping.
 */
@RestController
class TufEndpoint {

    static final String BASE = "/device/v1/tuf/";
    private static final String BLOBS = "/device/v1/ota/blobs/sha256/";
    private static final String CLIENT_CERTIFICATE = "jakarta.servlet.request.X509Certificate";

    private final DeviceAuthentication authentication;
    private final TufRepository repository;

    TufEndpoint(DeviceAuthentication authentication, TufRepository repository) {
        this.authentication = authentication;
        this.repository = repository;
    }

    @GetMapping(BASE + "{file:[0-9a-z.]+\\.json}")
    ResponseEntity<byte[]> metadata(@PathVariable String file, HttpServletRequest request) {
        AuthenticatedDevice device = device(request);
        byte[] bytes = repository
                .metadataFile(device.tenant(), file)
                .orElseThrow(() -> new NotFoundException("ota.tuf.metadata-not-found", "no metadata file " + file));
        // root.json and timestamp.json change; every versioned name always means the same bytes
        boolean mutable = file.equals("root.json") || file.equals("timestamp.json");
        return ResponseEntity.ok()
                .contentType(MediaType.APPLICATION_JSON)
                .header(HttpHeaders.CACHE_CONTROL, mutable ? "no-store" : "private, max-age=31536000, immutable")
                .body(bytes);
    }

    @GetMapping(BASE + "targets/{tier}/{model}/{hardwareRevision}/{file}")
    void target(@PathVariable String file, HttpServletRequest request, HttpServletResponse response)
            throws IOException, ServletException {
        device(request);
        int dot = file.indexOf('.');
        String hex = dot < 0 ? "" : file.substring(0, dot);
        if (!Sha256.isValid(hex)) {
            throw new NotFoundException("ota.blob.not-found", "no such artifact for this device");
        }
        // the same handler, checks and accounting as the content address: one place decides what a device may fetch
        request.getRequestDispatcher(BLOBS + hex).forward(request, response);
    }

    private AuthenticatedDevice device(HttpServletRequest request) {
        if (request.getAttribute(CLIENT_CERTIFICATE) instanceof X509Certificate[] chain && chain.length > 0) {
            var device = authentication.identify(chain[0]);
            if (device.isPresent() && device.get().kind() == IdentityKind.DEVICE) {
                return device.get();
            }
        }
        throw new ForbiddenException(
                "ota.device.unauthenticated",
                "a valid, unrevoked operational certificate of a registered device is required");
    }
}
