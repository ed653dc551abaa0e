package dev.palisade.ota;

import dev.palisade.protocol.tuf.TargetFile;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How a release appears in TUF targets metadata. The target path is {@code <tier>/<model>/<hardwareRevision>/<version>}
 * (each segment free of {@code /}), so a tier's delegation pattern {@code <tier>/*}{@code /*}{@code /*} confines its key
 * to that tier. The target file itself is the artifact: a client fetches it by its SHA-256 at {@code
 * /device/v1/ota/blobs/sha256/<sha256>}, or at the consistent-snapshot path {@code
 * /device/v1/tuf/targets/<tier>/<model>/<hardwareRevision>/<sha256>.<version>}.
 */
public final class TufTargets {

    private TufTargets() {}

    /** The target path of a release. */
    public static String path(UpdateTier tier, String model, String hardwareRevision, String version) {
        return tier.wireName() + "/" + model + "/" + hardwareRevision + "/" + version;
    }

    /** The targets entry of a published release: length, SHA-256 and the facts a device decides on in {@code custom}. */
    public static TargetFile of(ReleasePublished release) {
        Map<String, Object> custom = new LinkedHashMap<>();
        custom.put("model", release.model());
        custom.put("hardwareRevision", release.hardwareRevision());
        custom.put("tier", release.tier().wireName());
        custom.put("version", release.version());
        custom.put("securityVersion", release.securityVersion());
        custom.put("releaseId", release.release().toString());
        return new TargetFile(
                path(release.tier(), release.model(), release.hardwareRevision(), release.version()),
                release.length(),
                Map.of("sha256", release.sha256().hex()),
                custom);
    }
}
