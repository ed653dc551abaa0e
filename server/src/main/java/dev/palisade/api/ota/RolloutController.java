package dev.palisade.api.ota;

import dev.palisade.api.security.RequiresPermission;
import dev.palisade.api.web.Cursors;
import dev.palisade.api.web.PageResponse;
import dev.palisade.api.web.PathIds;
import dev.palisade.ota.ReleaseId;
import dev.palisade.ota.rollout.BreachAction;
import dev.palisade.ota.rollout.MaintenanceWindow;
import dev.palisade.ota.rollout.NewRollout;
import dev.palisade.ota.rollout.RingProgress;
import dev.palisade.ota.rollout.Rollout;
import dev.palisade.ota.rollout.RolloutId;
import dev.palisade.ota.rollout.Rollouts;
import dev.palisade.shared.problem.InvalidInputException;
import dev.palisade.tenancy.Caller;
import dev.palisade.tenancy.Permission;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Rollouts of the caller's tenant: creation, progress per ring, and the operator's transitions. */
@RestController
class RolloutController {

    private static final String ROLLOUTS = "ota-rollouts";

    private final Rollouts rollouts;

    RolloutController(Rollouts rollouts) {
        this.rollouts = rollouts;
    }

    @PostMapping("/api/v1/ota/rollouts")
    @RequiresPermission(Permission.OTA_MANAGE)
    @ResponseStatus(HttpStatus.CREATED)
    RolloutView create(Caller caller, @RequestBody RolloutRequest request) {
        return RolloutView.of(rollouts.create(caller, request.toNewRollout()));
    }

    @GetMapping("/api/v1/ota/rollouts")
    @RequiresPermission(Permission.OTA_READ)
    PageResponse<RolloutView> list(
            Caller caller,
            @RequestParam(required = false) @Nullable String cursor,
            @RequestParam(required = false) @Nullable Integer limit) {
        return PageResponse.of(
                ROLLOUTS, rollouts.list(caller, Cursors.uuidKeyed(ROLLOUTS, cursor, limit)), RolloutView::of);
    }

    @GetMapping("/api/v1/ota/rollouts/{rolloutId}")
    @RequiresPermission(Permission.OTA_READ)
    RolloutView get(Caller caller, @PathVariable String rolloutId) {
        return RolloutView.of(rollouts.get(caller, id(rolloutId)));
    }

    /** Starts the next ring of a rollout waiting between rings; not by the operator who created it. */
    @PostMapping("/api/v1/ota/rollouts/{rolloutId}/approve")
    @RequiresPermission(Permission.OTA_MANAGE)
    RolloutView approve(Caller caller, @PathVariable String rolloutId) {
        return RolloutView.of(rollouts.approve(caller, id(rolloutId)));
    }

    @PostMapping("/api/v1/ota/rollouts/{rolloutId}/pause")
    @RequiresPermission(Permission.OTA_MANAGE)
    RolloutView pause(Caller caller, @PathVariable String rolloutId) {
        return RolloutView.of(rollouts.pause(caller, id(rolloutId)));
    }

    @PostMapping("/api/v1/ota/rollouts/{rolloutId}/resume")
    @RequiresPermission(Permission.OTA_MANAGE)
    RolloutView resume(Caller caller, @PathVariable String rolloutId) {
        return RolloutView.of(rollouts.resume(caller, id(rolloutId)));
    }

    @PostMapping("/api/v1/ota/rollouts/{rolloutId}/abort")
    @RequiresPermission(Permission.OTA_MANAGE)
    RolloutView abort(Caller caller, @PathVariable String rolloutId) {
        return RolloutView.of(rollouts.abort(caller, id(rolloutId)));
    }

    private static RolloutId id(String text) {
        return new RolloutId(PathIds.uuid("rolloutId", text));
    }

    /**
     * @param rings cumulative percentages ({@code [1, 10, 50, 100]}) or the string {@code "exponential"}
     * @param bakeTime, installTimeout, markGoodDeadline ISO-8601 durations ({@code PT1H})
     * @param window {@code {"start": "02:00", "end": "05:00"}} in each device's {@code timeZone} attribute
     * @param onBreach pause, abort or rollback
     */
    record RolloutRequest(
            @Nullable String releaseId,
            @Nullable String group,
            @Nullable Map<String, String> attributes,
            @Nullable Object rings,
            @Nullable String bakeTime,
            @Nullable Boolean approvalBetweenRings,
            @Nullable WindowRequest window,
            @Nullable Double maxFailureRatio,
            @Nullable String installTimeout,
            @Nullable String markGoodDeadline,
            @Nullable String onBreach) {

        NewRollout toNewRollout() {
            if (releaseId == null) {
                throw new InvalidInputException("ota.rollout.invalid", "releaseId", "releaseId is required");
            }
            return new NewRollout(
                    new ReleaseId(PathIds.uuid("releaseId", releaseId)),
                    group,
                    attributes == null ? Map.of() : attributes,
                    ringPercents(),
                    duration("bakeTime", bakeTime, Duration.ofHours(1)),
                    approvalBetweenRings != null && approvalBetweenRings,
                    window == null ? null : window.toWindow(),
                    maxFailureRatio == null ? 0.0 : maxFailureRatio,
                    duration("installTimeout", installTimeout, Duration.ofHours(2)),
                    duration("markGoodDeadline", markGoodDeadline, Duration.ofHours(4)),
                    onBreach == null
                            ? BreachAction.ROLLBACK
                            : BreachAction.ofWireName(onBreach)
                                    .orElseThrow(() -> new InvalidInputException(
                                            "ota.rollout.invalid",
                                            "onBreach",
                                            "onBreach is pause, abort or rollback")));
        }

        private List<Integer> ringPercents() {
            if (rings == null || "exponential".equals(rings)) {
                return NewRollout.EXPONENTIAL;
            }
            if (rings instanceof List<?> list) {
                List<Integer> percents = new ArrayList<>();
                for (Object item : list) {
                    if (!(item instanceof Integer percent)) {
                        break;
                    }
                    percents.add(percent);
                }
                if (percents.size() == list.size()) {
                    return percents;
                }
            }
            throw new InvalidInputException(
                    "ota.rollout.invalid",
                    "rings",
                    "rings are percentages such as [1, 10, 50, 100], or \"exponential\"");
        }

        private static Duration duration(String field, @Nullable String text, Duration otherwise) {
            if (text == null) {
                return otherwise;
            }
            try {
                return Duration.parse(text);
            } catch (DateTimeException e) {
                throw new InvalidInputException(
                        "ota.rollout.invalid", field, field + " is an ISO-8601 duration such as PT1H");
            }
        }
    }

    record WindowRequest(@Nullable String start, @Nullable String end) {
        MaintenanceWindow toWindow() {
            try {
                return new MaintenanceWindow(
                        LocalTime.parse(String.valueOf(start)), LocalTime.parse(String.valueOf(end)));
            } catch (DateTimeException | IllegalArgumentException e) {
                throw new InvalidInputException(
                        "ota.rollout.invalid", "window", "a window is {\"start\": \"02:00\", \"end\": \"05:00\"}");
            }
        }
    }

    record RolloutView(
            String id,
            String releaseId,
            @Nullable String group,
            Map<String, String> attributes,
            String state,
            int currentRing,
            @Nullable String reason,
            @Nullable String rollbackReleaseId,
            String bakeTime,
            boolean approvalBetweenRings,
            @Nullable Map<String, String> window,
            double maxFailureRatio,
            String installTimeout,
            String markGoodDeadline,
            String onBreach,
            Instant createdAt,
            String createdBy,
            String createdByName,
            Instant updatedAt,
            List<RingProgress> rings) {

        static RolloutView of(Rollout rollout) {
            MaintenanceWindow window = rollout.window();
            return new RolloutView(
                    rollout.id().toString(),
                    rollout.release().toString(),
                    rollout.group(),
                    rollout.attributes(),
                    rollout.state().wireName(),
                    rollout.currentRing(),
                    rollout.reason(),
                    rollout.rollbackRelease() == null
                            ? null
                            : rollout.rollbackRelease().toString(),
                    rollout.bakeTime().toString(),
                    rollout.approvalBetweenRings(),
                    window == null
                            ? null
                            : Map.of(
                                    "start",
                                    window.start().toString(),
                                    "end",
                                    window.end().toString()),
                    rollout.maxFailureRatio(),
                    rollout.installTimeout().toString(),
                    rollout.markGoodDeadline().toString(),
                    rollout.onBreach().wireName(),
                    rollout.createdAt(),
                    rollout.createdBy(),
                    rollout.createdByName(),
                    rollout.updatedAt(),
                    rollout.rings());
        }
    }
}
