package dev.palisade.protocol.ota;

import dev.palisade.protocol.json.CanonicalJson;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A device's report on an update, on {@code devices/<id>/ota/status}: {@code {"releaseId", "rolloutId"?, "state",
 * "reason"?, "at"}}.
 *
 * @param releaseId the release the directive named
 * @param rolloutId the directive's rollout, if it named one
 * @param state where the update stands
 * @param reason why, for {@code refused} and {@code rolled-back} (required there): a stable code such as {@code
 *     tuf.hash-mismatch} or {@code security-version-below-floor}, then optionally {@code ": "} and a human detail
 * @param at when the device reached the state, by its clock
 */
public record UpdateStatus(
        String releaseId, Optional<String> rolloutId, UpdateState state, Optional<String> reason, Instant at) {

    /** The longest reason; details are cut to fit. */
    public static final int MAX_REASON = 512;

    private static final Set<String> MEMBERS = Set.of("releaseId", "rolloutId", "state", "reason", "at");

    /** Refuses identifiers outside their shape, and a refusal or rollback without a reason. */
    public UpdateStatus {
        OtaIds.require(releaseId, "release id");
        rolloutId.ifPresent(id -> OtaIds.require(id, "rollout id"));
        if ((state == UpdateState.REFUSED || state == UpdateState.ROLLED_BACK) && reason.isEmpty()) {
            throw new IllegalArgumentException("a " + state.wireName() + " status needs a reason");
        }
        reason.ifPresent(r -> {
            if (r.isEmpty() || r.length() > MAX_REASON) {
                throw new IllegalArgumentException("a reason is 1 to " + MAX_REASON + " characters");
            }
        });
    }

    /** A status about {@code directive}'s release and rollout. */
    public static UpdateStatus of(UpdateDirective directive, UpdateState state, Optional<String> reason, Instant at) {
        return new UpdateStatus(directive.releaseId(), directive.rolloutId(), state, reason.map(UpdateStatus::fit), at);
    }

    /** {@code reason} cut to {@link #MAX_REASON} characters. */
    public static String fit(String reason) {
        return reason.length() <= MAX_REASON ? reason : reason.substring(0, MAX_REASON - 1) + "…";
    }

    /** The topic statuses of {@code deviceId} go to. */
    public static String topic(String deviceId) {
        return "devices/" + deviceId + "/ota/status";
    }

    /** The status in canonical JSON (RFC 8785). */
    public byte[] toBytes() {
        Map<String, String> members = new LinkedHashMap<>();
        members.put("releaseId", releaseId);
        rolloutId.ifPresent(id -> members.put("rolloutId", id));
        members.put("state", state.wireName());
        reason.ifPresent(r -> members.put("reason", r));
        members.put("at", at.toString());
        return CanonicalJson.toBytes(members);
    }

    /**
     * Reads a status strictly.
     *
     * @throws IllegalArgumentException when {@code payload} is not one
     */
    public static UpdateStatus parse(byte[] payload) {
        Map<String, String> members = FlatObject.parse(payload, MEMBERS);
        String state = FlatObject.required(members, "state");
        Instant at;
        try {
            at = Instant.parse(FlatObject.required(members, "at"));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("at is not an RFC 3339 UTC time", e);
        }
        return new UpdateStatus(
                FlatObject.required(members, "releaseId"),
                Optional.ofNullable(members.get("rolloutId")),
                UpdateState.fromWireName(state)
                        .orElseThrow(() -> new IllegalArgumentException("unknown state " + state)),
                Optional.ofNullable(members.get("reason")),
                at);
    }
}
