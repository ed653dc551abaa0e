package dev.palisade.protocol.twin;

import dev.palisade.protocol.json.CanonicalJson;
import java.util.Map;
import java.util.Set;

/**
 * A device's request for its twin, on {@code devices/<id>/twin/get}: {@code {"requestId": "..."}}. The answer comes
 * on {@code devices/<id>/twin/get/response} ({@link TwinResponse}), carrying the request's id. A device asks each time
 * it connects, so that a desired state published while it was away reaches it.
 *
 * @param requestId 1 to 64 letters, digits, {@code .}, {@code _} or {@code -}, chosen by the device
 */
public record TwinRequest(String requestId) {

    private static final Set<String> MEMBERS = Set.of("requestId");

    public TwinRequest {
        requireRequestId(requestId);
    }

    /** The topic {@code deviceId} asks for its twin on. */
    public static String topic(String deviceId) {
        return "devices/" + deviceId + "/twin/get";
    }

    /** The document in canonical JSON (RFC 8785). */
    public byte[] toBytes() {
        return CanonicalJson.toBytes(Map.of("requestId", requestId));
    }

    /**
     * Reads a request strictly: exactly the string member {@code requestId}.
     *
     * @throws IllegalArgumentException when {@code payload} is not one
     */
    public static TwinRequest parse(byte[] payload) {
        return new TwinRequest(TwinJson.string(TwinJson.parseObject(payload, MEMBERS), "requestId"));
    }

    static void requireRequestId(String requestId) {
        if (requestId.isEmpty()
                || requestId.length() > 64
                || !requestId
                        .chars()
                        .allMatch(c -> c >= 'a' && c <= 'z'
                                || c >= 'A' && c <= 'Z'
                                || c >= '0' && c <= '9'
                                || c == '.'
                                || c == '_'
                                || c == '-')) {
            throw new IllegalArgumentException("a request id is 1 to 64 letters, digits, '.', '_' or '-'");
        }
    }
}
