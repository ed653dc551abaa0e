package dev.palisade.api.ota;

import dev.palisade.api.ota.OtaViews.DeltaView;
import dev.palisade.api.security.RequiresPermission;
import dev.palisade.api.web.PathIds;
import dev.palisade.ota.Deltas;
import dev.palisade.ota.ReleaseId;
import dev.palisade.shared.problem.InvalidInputException;
import dev.palisade.tenancy.Caller;
import dev.palisade.tenancy.Permission;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Binary deltas between releases of the caller's tenant. Generation runs within the request (seconds to a minute for
 * large images at the default level); asking for the same pair again answers with what was recorded (200).
 */
@RestController
class DeltaController {

    private static final int MAX_LIMIT = 500;

    private final Deltas deltas;

    DeltaController(Deltas deltas) {
        this.deltas = deltas;
    }

    @PostMapping("/api/v1/ota/deltas")
    @RequiresPermission(Permission.OTA_MANAGE)
    ResponseEntity<DeltaView> generate(Caller caller, @RequestBody(required = false) @Nullable DeltaRequest request) {
        if (request == null || request.fromRelease() == null || request.toRelease() == null) {
            throw new InvalidInputException(
                    "ota.delta.invalid", "fromRelease", "fromRelease and toRelease (release ids) are required");
        }
        var generated = deltas.generate(
                caller,
                new ReleaseId(PathIds.uuid("fromRelease", request.fromRelease())),
                new ReleaseId(PathIds.uuid("toRelease", request.toRelease())));
        return ResponseEntity.status(generated.created() ? HttpStatus.CREATED : HttpStatus.OK)
                .body(DeltaView.of(generated.delta()));
    }

    @GetMapping("/api/v1/ota/deltas")
    @RequiresPermission(Permission.OTA_READ)
    List<DeltaView> list(Caller caller, @RequestParam(required = false) @Nullable Integer limit) {
        int bounded = limit == null ? 100 : Math.clamp(limit, 1, MAX_LIMIT);
        return deltas.list(caller, bounded).stream().map(DeltaView::of).toList();
    }

    /** Release ids: the device runs {@code fromRelease}'s image and is to get {@code toRelease}'s. */
    record DeltaRequest(
            @Nullable String fromRelease, @Nullable String toRelease) {}
}
