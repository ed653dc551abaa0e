package dev.palisade.ota.rollout;

import dev.palisade.ota.ReleaseId;
import java.time.Instant;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a device reports on {@code devices/<id>/ota/status}: {@code {"releaseId", "rolloutId", "state", "reason"?,
 * "at"}}, state one of downloading, downloaded, installing, trial, good, rolled-back, refused, failed.
 *
 * @param at when the device says it happened; kept for the record only, the server's clock decides deadlines
 */
public record StatusReport(
        RolloutId rollout,
        ReleaseId release,
        DeviceUpdateState state,
        @Nullable String reason,
        @Nullable Instant at) {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int MAX_REASON = 512;

    /** The report in {@code payload}, or empty when it is not one (it is then ignored). */
    public static Optional<StatusReport> parse(byte[] payload) {
        try {
            JsonNode node = JSON.readTree(payload);
            RolloutId rollout = RolloutId.parse(node.path("rolloutId").asString());
            ReleaseId release = ReleaseId.parse(node.path("releaseId").asString());
            Optional<DeviceUpdateState> state =
                    DeviceUpdateState.ofWireName(node.path("state").asString()).filter(DeviceUpdateState::reportable);
            if (state.isEmpty()) {
                return Optional.empty();
            }
            String reason = node.path("reason").isString() ? node.path("reason").asString() : null;
            if (reason != null && reason.length() > MAX_REASON) {
                reason = reason.substring(0, MAX_REASON);
            }
            Instant at =
                    node.path("at").isString() ? Instant.parse(node.path("at").asString()) : null;
            return Optional.of(new StatusReport(rollout, release, state.get(), reason, at));
        } catch (RuntimeException malformed) {
            return Optional.empty();
        }
    }
}
