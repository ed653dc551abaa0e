package dev.palisade.protocol.twin;

import dev.palisade.protocol.json.CanonicalJson;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * What the server wants a device's state to be, on {@code devices/<id>/twin/desired}: {@code {"version": 7, "state":
 * {...}}}. Each change of the desired state gets a higher version, so a device applies a document only when its
 * version is above the one it applied last: a retained message, a duplicate (QoS 1 delivers at least once) or an
 * answer that crossed a newer document on the way changes nothing. The state is the whole desired state, not a patch.
 *
 * @param version from 1 up; higher is newer
 * @param state the whole desired state
 */
public record DesiredState(long version, TwinState state) {

    /** The highest version: beyond it, JSON readers may no longer hold the number exactly. */
    public static final long MAX_VERSION = (1L << 53) - 1;

    private static final Set<String> MEMBERS = Set.of("version", "state");

    public DesiredState {
        if (version < 1 || version > MAX_VERSION) {
            throw new IllegalArgumentException("a desired version is from 1 to " + MAX_VERSION + ", not " + version);
        }
    }

    /** The topic the desired state of {@code deviceId} is published on. */
    public static String topic(String deviceId) {
        return "devices/" + deviceId + "/twin/desired";
    }

    /** Whether a device that applied {@code appliedVersion} last should apply this document. */
    public boolean isNewerThan(long appliedVersion) {
        return version > appliedVersion;
    }

    /** The document in canonical JSON (RFC 8785). */
    public byte[] toBytes() {
        return CanonicalJson.toBytes(members());
    }

    Map<String, Object> members() {
        Map<String, Object> members = new LinkedHashMap<>();
        members.put("version", version);
        members.put("state", state.members());
        return members;
    }

    /**
     * Reads a desired-state document strictly: exactly the members {@code version} (a whole number from 1) and {@code
     * state} (an object a twin can hold).
     *
     * @throws IllegalArgumentException when {@code payload} is not one
     */
    public static DesiredState parse(byte[] payload) {
        return of(TwinJson.parseObject(payload, MEMBERS));
    }

    static DesiredState of(Map<String, Object> members) {
        for (String name : MEMBERS) {
            if (!members.containsKey(name)) {
                throw new IllegalArgumentException("missing member " + name);
            }
        }
        if (!members.keySet().equals(MEMBERS)) {
            throw new IllegalArgumentException("a desired document has the members version and state only");
        }
        return new DesiredState(
                TwinJson.wholeNumber(members, "version", 1), new TwinState(TwinJson.object(members, "state")));
    }
}
