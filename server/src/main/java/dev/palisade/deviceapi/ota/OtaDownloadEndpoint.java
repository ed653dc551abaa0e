package dev.palisade.deviceapi.ota;

import dev.palisade.ota.Downloads;
import dev.palisade.ota.Sha256;
import dev.palisade.pki.AuthenticatedDevice;
import dev.palisade.pki.DeviceAuthentication;
import dev.palisade.pki.x509.IdentityKind;
import dev.palisade.protocol.ota.DeltaFormat;
import dev.palisade.shared.problem.ForbiddenException;
import dev.palisade.shared.problem.NotFoundException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.security.cert.X509Certificate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /device/v1/ota/blobs/sha256/{hex}}: an artifact's bytes, named by their digest (so a URL never changes
 * meaning and any cache may keep it), for a device whose operational certificate names it and whose tenant published
 * a release of it for the device's model and hardware revision. Anything else, including content that exists for
 * another tenant, is 404.
 *
 * <p>Resumable: single byte ranges answer 206 with {@code Content-Range}, ranges beyond the end 416, and
 * {@code If-Range} with the entity tag (the digest) guards a resumption. Bytes are copied from the file through a
 * buffer: under TLS they must pass through the cipher, so the sendfile path of the servlet container does not apply
 * (kernel TLS would be the way to zero-copy). The bytes handed to the connection are counted once per request.
 */
@RestController
class OtaDownloadEndpoint {

    static final String BASE = "/device/v1/ota/blobs/sha256/";
    static final String DELTAS = "/device/v1/" + DeltaFormat.DEVICE_PATH;
    private static final String CLIENT_CERTIFICATE = "jakarta.servlet.request.X509Certificate";
    private static final int BUFFER = 64 * 1024;
    private static final Logger log = LoggerFactory.getLogger(OtaDownloadEndpoint.class);

    private final DeviceAuthentication authentication;
    private final Downloads downloads;

    OtaDownloadEndpoint(DeviceAuthentication authentication, Downloads downloads) {
        this.authentication = authentication;
        this.downloads = downloads;
    }

    @GetMapping(BASE + "{hex}")
    void download(@PathVariable String hex, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        AuthenticatedDevice device = device(request);
        if (!Sha256.isValid(hex)) {
            throw notFound();
        }
        Sha256 sha256 = new Sha256(hex);
        Downloads.Blob blob =
                downloads.servable(device.tenant(), device.device(), sha256).orElseThrow(OtaDownloadEndpoint::notFound);
        serve(device, blob, sha256, request, response);
    }

    /**
     * {@code GET /device/v1/ota/deltas/{from}/{to}}: the binary delta that turns the content {@code from} into the
     * content {@code to}, served like a blob (its entity tag is the delta's own digest), when one was kept and the
     * device may download both images; 404 otherwise, including when the full image is to be used.
     */
    @GetMapping(DELTAS + "{from}/{to}")
    void delta(
            @PathVariable String from,
            @PathVariable String to,
            HttpServletRequest request,
            HttpServletResponse response)
            throws IOException {
        AuthenticatedDevice device = device(request);
        if (!Sha256.isValid(from) || !Sha256.isValid(to)) {
            throw deltaNotFound();
        }
        Downloads.Blob blob = downloads
                .servableDelta(device.tenant(), device.device(), new Sha256(from), new Sha256(to))
                .orElseThrow(OtaDownloadEndpoint::deltaNotFound);
        serve(device, blob, new Sha256(to), request, response);
    }

    /** Serves {@code blob}, which leads to the content {@code image} (itself, or the target of a delta). */
    private void serve(
            AuthenticatedDevice device,
            Downloads.Blob blob,
            Sha256 image,
            HttpServletRequest request,
            HttpServletResponse response)
            throws IOException {
        Sha256 sha256 = blob.sha256();
        String hex = sha256.hex();
        String entityTag = "\"" + hex + "\"";
        response.setHeader(HttpHeaders.ACCEPT_RANGES, "bytes");
        response.setHeader(HttpHeaders.ETAG, entityTag);
        response.setHeader(HttpHeaders.CACHE_CONTROL, "private, max-age=31536000, immutable");
        String ifRange = request.getHeader(HttpHeaders.IF_RANGE);
        RangeRequest range = ifRange == null || ifRange.strip().equals(entityTag)
                ? RangeRequest.of(request.getHeader(HttpHeaders.RANGE), blob.length())
                : new RangeRequest.Whole(); // a resumption of other content (or a date): start over
        long first;
        long count;
        switch (range) {
            case RangeRequest.Unsatisfiable unsatisfiable -> {
                response.setStatus(HttpServletResponse.SC_REQUESTED_RANGE_NOT_SATISFIABLE);
                response.setHeader(HttpHeaders.CONTENT_RANGE, "bytes */" + blob.length());
                response.setContentLength(0);
                return;
            }
            case RangeRequest.Part part -> {
                response.setStatus(HttpServletResponse.SC_PARTIAL_CONTENT);
                response.setHeader(
                        HttpHeaders.CONTENT_RANGE, "bytes " + part.first() + "-" + part.last() + "/" + blob.length());
                first = part.first();
                count = part.length();
            }
            case RangeRequest.Whole whole -> {
                response.setStatus(HttpServletResponse.SC_OK);
                first = 0;
                count = blob.length();
            }
        }
        response.setContentType("application/octet-stream");
        response.setContentLengthLong(count);
        if ("HEAD".equals(request.getMethod())) {
            return;
        }
        long sent = 0;
        try (FileChannel file = FileChannel.open(blob.file(), StandardOpenOption.READ)) {
            OutputStream out = response.getOutputStream();
            ByteBuffer buffer = ByteBuffer.allocate(BUFFER);
            while (sent < count) {
                buffer.clear().limit((int) Math.min(BUFFER, count - sent));
                int read = file.read(buffer, first + sent);
                if (read < 0) {
                    throw new IOException("blob " + hex + " is shorter than its recorded length");
                }
                out.write(buffer.array(), 0, read);
                sent += read;
            }
            out.flush();
        } catch (IOException clientGoneOrDiskFailed) {
            // a device that drops the connection resumes with a range later; what it got so far still counts
            log.debug("Download of {} by {} ended after {} of {} bytes", hex, device.device(), sent, count);
        } finally {
            downloads.recordServed(device.tenant(), device.device(), sha256, image, sent);
        }
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

    private static NotFoundException deltaNotFound() {
        return new NotFoundException("ota.delta.not-found", "no delta between these contents for this device");
    }

    private static NotFoundException notFound() {
        return new NotFoundException("ota.blob.not-found", "no such artifact for this device");
    }
}
