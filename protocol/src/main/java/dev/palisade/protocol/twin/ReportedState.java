package dev.palisade.protocol.twin;

import dev.palisade.protocol.json.CanonicalJson;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * What a device says its state is, on {@code devices/<id>/twin/reported}: {@code {"desiredVersion": 7, "state":
 * {...}}}. It names the version of the desired state the device applied last (0 before it applied any), so the server
 * can tell a device that has caught up from one that has not, whatever the state's members say. A device reports after
 * each desired state it applies and whenever its own state changes.
 *
 * @param desiredVersion the version of the last desired state applied, 0 for none
 * @param state the device's whole state
 */
public record ReportedState(long desiredVersion, TwinState state) {

    private static final Set<String> MEMBERS = Set.of("desiredVersion", "state");

    public ReportedState {
        if (desiredVersion < 0 || desiredVersion > DesiredState.MAX_VERSION) {
            throw new IllegalArgumentException(
                    "a desired version is from 0 to " + DesiredState.MAX_VERSION + ", not " + desiredVersion);
        }
    }

    /** A device that has applied nothing and reports nothing yet. */
    public static ReportedState initial() {
        return new ReportedState(0, TwinState.empty());
    }

    /** The topic {@code deviceId} reports its state on. */
    public static String topic(String deviceId) {
        return "devices/" + deviceId + "/twin/reported";
    }

    /** The document in canonical JSON (RFC 8785). */
    public byte[] toBytes() {
        Map<String, Object> members = new LinkedHashMap<>();
        members.put("desiredVersion", desiredVersion);
        members.put("state", state.members());
        return CanonicalJson.toBytes(members);
    }

    /**
     * Reads a reported-state document strictly: exactly the members {@code desiredVersion} (a whole number from 0) and
     * {@code state} (an object a twin can hold).
     *
     * @throws IllegalArgumentException when {@code payload} is not one
     */
    public static ReportedState parse(byte[] payload) {
        Map<String, Object> members = TwinJson.parseObject(payload, MEMBERS);
        return new ReportedState(
                TwinJson.wholeNumber(members, "desiredVersion", 0), new TwinState(TwinJson.object(members, "state")));
    }
}
