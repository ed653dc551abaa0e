package dev.palisade.protocol.twin;

import dev.palisade.protocol.json.CanonicalJson;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The answer to a {@link TwinRequest}, on {@code devices/<id>/twin/get/response}: {@code {"requestId": "...",
 * "desired": {"version": 7, "state": {...}}}}, or without {@code desired} while the twin has no desired state. The
 * device treats the desired document in it as one published on its desired topic: it applies it only if its version is
 * newer than the one it applied last.
 *
 * @param requestId the request's id
 * @param desired the current desired state, if there is one
 */
public record TwinResponse(String requestId, Optional<DesiredState> desired) {

    private static final Set<String> MEMBERS = Set.of("requestId", "desired");

    public TwinResponse {
        TwinRequest.requireRequestId(requestId);
    }

    /** The topic the answers to {@code deviceId}'s requests come on. */
    public static String topic(String deviceId) {
        return "devices/" + deviceId + "/twin/get/response";
    }

    /** The document in canonical JSON (RFC 8785). */
    public byte[] toBytes() {
        Map<String, Object> members = new LinkedHashMap<>();
        members.put("requestId", requestId);
        desired.ifPresent(document -> members.put("desired", document.members()));
        return CanonicalJson.toBytes(members);
    }

    /**
     * Reads an answer strictly: the string member {@code requestId} and, optionally, {@code desired}, a desired-state
     * document.
     *
     * @throws IllegalArgumentException when {@code payload} is not one
     */
    public static TwinResponse parse(byte[] payload) {
        Map<String, Object> members = TwinJson.parseObject(payload, MEMBERS);
        Optional<DesiredState> desired = members.containsKey("desired")
                ? Optional.of(DesiredState.of(TwinJson.object(members, "desired")))
                : Optional.empty();
        return new TwinResponse(TwinJson.string(members, "requestId"), desired);
    }
}
