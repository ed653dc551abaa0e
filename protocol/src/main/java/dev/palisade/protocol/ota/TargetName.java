package dev.palisade.protocol.ota;

import java.util.List;

/**
 * The TUF target path of a release: {@code <tier>/<model>/<hardwareRevision>/<version>}. Segments are letters, digits
 * and {@code . _ + -}, never {@code .} or {@code ..}, so a name is also a safe relative path.
 *
 * @param tier the update tier, which is also the TUF role that must vouch for the target
 * @param model the device model the release is built for
 * @param hardwareRevision the hardware revision it is built for
 * @param version the release version ({@code 2.4.1}, {@code 2.5.0-rc.1})
 */
public record TargetName(Tier tier, String model, String hardwareRevision, String version) {

    private static final int MAX_SEGMENT = 64;

    /** Refuses segments that are empty, too long, or hold characters outside the safe set. */
    public TargetName {
        for (String segment : List.of(model, hardwareRevision, version)) {
            requireSegment(segment);
        }
    }

    /** Reads a target name; {@link IllegalArgumentException} when it is not one. */
    public static TargetName parse(String name) {
        String[] segments = name.split("/", -1);
        if (segments.length != 4) {
            throw new IllegalArgumentException("a target name is tier/model/hardwareRevision/version");
        }
        Tier tier = Tier.fromWireName(segments[0])
                .orElseThrow(() -> new IllegalArgumentException("unknown tier " + segments[0]));
        return new TargetName(tier, segments[1], segments[2], segments[3]);
    }

    /** The name as a TUF target path. */
    @Override
    public String toString() {
        return tier.wireName() + "/" + model + "/" + hardwareRevision + "/" + version;
    }

    private static void requireSegment(String segment) {
        if (segment.isEmpty() || segment.length() > MAX_SEGMENT || segment.equals(".") || segment.equals("..")) {
            throw new IllegalArgumentException("a target name segment is 1 to " + MAX_SEGMENT + " characters");
        }
        for (int k = 0; k < segment.length(); k++) {
            char c = segment.charAt(k);
            boolean safe = c >= 'a' && c <= 'z'
                    || c >= 'A' && c <= 'Z'
                    || c >= '0' && c <= '9'
                    || c == '.'
                    || c == '_'
                    || c == '+'
                    || c == '-';
            if (!safe) {
                throw new IllegalArgumentException("a target name segment holds letters, digits and . _ + - only");
            }
        }
    }
}
