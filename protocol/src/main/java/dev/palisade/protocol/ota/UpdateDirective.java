package dev.palisade.protocol.ota;

import dev.palisade.protocol.json.CanonicalJson;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The server's order to update, on {@code devices/<id>/ota/update}: {@code {"releaseId": "...", "target":
 * "os/meter-v2/r1/2.4.1", "rolloutId": "..."}} ({@code rolloutId} absent for an update outside a rollout). It directs;
 * it does not vouch: the device looks the target up in its TUF metadata and installs only what that lists for it.
 *
 * @param releaseId the release, as the target's {@code custom.releaseId} names it
 * @param target the TUF target path
 * @param rolloutId the rollout the update belongs to, if any, echoed in every status
 */
public record UpdateDirective(String releaseId, TargetName target, Optional<String> rolloutId) {

    private static final Set<String> MEMBERS = Set.of("releaseId", "target", "rolloutId", "sha256");

    /** The rollout's offer also names the image's length: a hint, like its {@code sha256}. */
    private static final Set<String> INTEGER_MEMBERS = Set.of("length");

    /** Refuses identifiers outside their shape. */
    public UpdateDirective {
        OtaIds.require(releaseId, "release id");
        rolloutId.ifPresent(id -> OtaIds.require(id, "rollout id"));
    }

    /** The topic directives for {@code deviceId} arrive on. */
    public static String topic(String deviceId) {
        return "devices/" + deviceId + "/ota/update";
    }

    /** The directive in canonical JSON (RFC 8785). */
    public byte[] toBytes() {
        Map<String, String> members = new LinkedHashMap<>();
        members.put("releaseId", releaseId);
        members.put("target", target.toString());
        rolloutId.ifPresent(id -> members.put("rolloutId", id));
        return CanonicalJson.toBytes(members);
    }

    /**
     * Reads a directive strictly: an object of string members {@code releaseId}, {@code target} and optionally {@code
     * rolloutId}, nothing else but the hints a rollout's offer adds, {@code sha256} (a string) and {@code length} (a
     * whole number). Hints are read for their shape and dropped: the signed TUF metadata says what the image is.
     *
     * @throws IllegalArgumentException when {@code payload} is not one
     */
    public static UpdateDirective parse(byte[] payload) {
        Map<String, String> members = FlatObject.parse(payload, MEMBERS, INTEGER_MEMBERS);
        return new UpdateDirective(
                FlatObject.required(members, "releaseId"),
                TargetName.parse(FlatObject.required(members, "target")),
                Optional.ofNullable(members.get("rolloutId")));
    }
}
