package dev.palisade.api.ota;

import dev.palisade.api.idempotency.IdempotentCreation;
import dev.palisade.api.ota.OtaViews.ReleaseView;
import dev.palisade.api.security.RequiresPermission;
import dev.palisade.api.web.Cursors;
import dev.palisade.api.web.PageResponse;
import dev.palisade.api.web.PathIds;
import dev.palisade.ota.ArtifactId;
import dev.palisade.ota.NewRelease;
import dev.palisade.ota.Release;
import dev.palisade.ota.ReleaseId;
import dev.palisade.ota.ReleaseState;
import dev.palisade.ota.Releases;
import dev.palisade.ota.UpdateTier;
import dev.palisade.shared.problem.InvalidInputException;
import dev.palisade.tenancy.Caller;
import dev.palisade.tenancy.Permission;
import org.jspecify.annotations.Nullable;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Releases of the caller's tenant: drafts, publication, and the list a rollout will pick from. */
@RestController
class ReleaseController {

    private static final String RELEASES = "ota-releases";

    private final Releases releases;
    private final IdempotentCreation idempotent;

    ReleaseController(Releases releases, IdempotentCreation idempotent) {
        this.releases = releases;
        this.idempotent = idempotent;
    }

    @PostMapping("/api/v1/ota/releases")
    @RequiresPermission(Permission.OTA_MANAGE)
    ResponseEntity<Object> create(
            Caller caller,
            @RequestBody ReleaseRequest request,
            @RequestHeader(name = IdempotentCreation.HEADER, required = false) @Nullable String idempotencyKey) {
        NewRelease release = request.toNewRelease();
        return idempotent.create(
                caller,
                idempotencyKey,
                "POST /api/v1/ota/releases",
                request,
                () -> ReleaseView.of(releases.create(caller, release)),
                view -> view);
    }

    @GetMapping("/api/v1/ota/releases")
    @RequiresPermission(Permission.OTA_READ)
    PageResponse<ReleaseView> list(
            Caller caller,
            @RequestParam(required = false) @Nullable String model,
            @RequestParam(required = false) @Nullable String hardwareRevision,
            @RequestParam(required = false) @Nullable String tier,
            @RequestParam(required = false) @Nullable String state,
            @RequestParam(required = false) @Nullable String cursor,
            @RequestParam(required = false) @Nullable Integer limit) {
        UpdateTier tierFilter = tier == null ? null : tier(tier);
        ReleaseState stateFilter = state == null
                ? null
                : ReleaseState.ofWireName(state)
                        .orElseThrow(() -> new InvalidInputException(
                                "request.invalid-parameter", "state", "state is draft, published or withdrawn"));
        return PageResponse.of(
                RELEASES,
                releases.list(
                        caller,
                        model,
                        hardwareRevision,
                        tierFilter,
                        stateFilter,
                        Cursors.uuidKeyed(RELEASES, cursor, limit)),
                ReleaseView::of);
    }

    @GetMapping("/api/v1/ota/releases/{releaseId}")
    @RequiresPermission(Permission.OTA_READ)
    ReleaseView get(Caller caller, @PathVariable String releaseId) {
        return ReleaseView.of(releases.get(caller, id(releaseId)));
    }

    /** Publishes a draft: audited, and announced as {@code ReleasePublished} for TUF signing. */
    @PostMapping("/api/v1/ota/releases/{releaseId}/publish")
    @RequiresPermission(Permission.OTA_MANAGE)
    ReleaseView publish(Caller caller, @PathVariable String releaseId) {
        Release published = releases.publish(caller, id(releaseId));
        return ReleaseView.of(published);
    }

    /** Optional body of a withdrawal. */
    record WithdrawalRequest(@Nullable String reason) {}

    @PostMapping("/api/v1/ota/releases/{releaseId}/withdraw")
    @RequiresPermission(Permission.OTA_MANAGE)
    ReleaseView withdraw(
            Caller caller,
            @PathVariable String releaseId,
            @RequestBody(required = false) @Nullable WithdrawalRequest request) {
        return ReleaseView.of(releases.withdraw(caller, id(releaseId), request == null ? null : request.reason()));
    }

    private static ReleaseId id(String text) {
        return new ReleaseId(PathIds.uuid("releaseId", text));
    }

    private static UpdateTier tier(String name) {
        return UpdateTier.ofWireName(name)
                .orElseThrow(() -> new InvalidInputException(
                        "ota.release.invalid", "tier", "tier is bootloader, os, application or config"));
    }

    /**
     * @param tier bootloader, os, application or config
     * @param securityVersion the anti-rollback counter, a non-negative integer never below the highest published for
     *     the model, hardware revision and tier
     */
    record ReleaseRequest(
            @Nullable String model,
            @Nullable String hardwareRevision,
            @Nullable String version,
            @Nullable String tier,
            @Nullable Long securityVersion,
            @Nullable String artifactId) {

        NewRelease toNewRelease() {
            return new NewRelease(
                    required("model", model),
                    required("hardwareRevision", hardwareRevision),
                    required("version", version),
                    ReleaseController.tier(required("tier", tier)),
                    required("securityVersion", securityVersion),
                    new ArtifactId(PathIds.uuid("artifactId", required("artifactId", artifactId))));
        }

        private static <T> T required(String field, @Nullable T value) {
            if (value == null) {
                throw new InvalidInputException("ota.release.invalid", field, field + " is required");
            }
            return value;
        }
    }
}
