package dev.palisade.api.ota;

import dev.palisade.api.ota.OtaViews.ArtifactView;
import dev.palisade.api.security.RequiresPermission;
import dev.palisade.api.web.Cursors;
import dev.palisade.api.web.PageResponse;
import dev.palisade.api.web.PathIds;
import dev.palisade.api.web.Problems;
import dev.palisade.ota.ArtifactId;
import dev.palisade.ota.Artifacts;
import dev.palisade.shared.problem.InvalidInputException;
import dev.palisade.shared.problem.TooLargeException;
import dev.palisade.tenancy.Caller;
import dev.palisade.tenancy.Permission;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.net.URI;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Update artifacts of the caller's tenant. An upload is the raw body ({@code application/octet-stream}), read as a
 * stream straight to disk: it bypasses the API's small body limit and has its own ({@code palisade.ota.max-artifact-size}).
 * Query parameters name it ({@code name}) and may declare its {@code sha256} and {@code length}, which are checked. An
 * upload is idempotent by content: sending the same bytes again answers 200 with the artifact already stored.
 */
@RestController
class ArtifactController {

    static final String UPLOAD = "/api/v1/ota/artifacts";
    private static final String ARTIFACTS = "ota-artifacts";

    private final Artifacts artifacts;

    ArtifactController(Artifacts artifacts) {
        this.artifacts = artifacts;
    }

    /**
     * Streams the body into the artifact store. Parameters are read from the query string only: a form content type
     * would make the servlet container read the body as parameters, so anything but octet-stream is refused first.
     */
    @PostMapping(UPLOAD)
    @RequiresPermission(Permission.OTA_MANAGE)
    ResponseEntity<?> upload(Caller caller, HttpServletRequest request) throws IOException {
        String contentType = request.getContentType();
        if (contentType == null
                || !MediaType.APPLICATION_OCTET_STREAM.isCompatibleWith(MediaType.parseMediaType(contentType))) {
            return ResponseEntity.status(HttpStatus.UNSUPPORTED_MEDIA_TYPE)
                    .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .body(Problems.of(
                            HttpStatus.UNSUPPORTED_MEDIA_TYPE,
                            "ota.artifact.unsupported-media-type",
                            "an artifact is uploaded as the raw body with Content-Type: application/octet-stream",
                            null,
                            request));
        }
        if (request.getContentLengthLong() > artifacts.maxSize()) {
            throw new TooLargeException(
                    "ota.artifact.too-large",
                    "an artifact is at most " + artifacts.maxSize() + " bytes; nothing was stored");
        }
        var uploaded = artifacts.upload(
                caller,
                request.getParameter("name"),
                request.getInputStream(),
                request.getParameter("sha256"),
                length(request.getParameter("length")));
        ArtifactView view = ArtifactView.of(uploaded.artifact());
        return ResponseEntity.status(uploaded.created() ? HttpStatus.CREATED : HttpStatus.OK)
                .location(URI.create(UPLOAD + "/" + view.id()))
                .body(view);
    }

    @GetMapping(UPLOAD)
    @RequiresPermission(Permission.OTA_READ)
    PageResponse<ArtifactView> list(
            Caller caller,
            @RequestParam(required = false) @Nullable String cursor,
            @RequestParam(required = false) @Nullable Integer limit) {
        return PageResponse.of(
                ARTIFACTS, artifacts.list(caller, Cursors.uuidKeyed(ARTIFACTS, cursor, limit)), ArtifactView::of);
    }

    @GetMapping(UPLOAD + "/{artifactId}")
    @RequiresPermission(Permission.OTA_READ)
    ArtifactView get(Caller caller, @PathVariable String artifactId) {
        return ArtifactView.of(artifacts.get(caller, new ArtifactId(PathIds.uuid("artifactId", artifactId))));
    }

    private static @Nullable Long length(@Nullable String text) {
        if (text == null) {
            return null;
        }
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new InvalidInputException("ota.artifact.invalid-length", "length", "length is a number of bytes");
        }
    }
}
