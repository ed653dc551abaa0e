package dev.palisade.ota.rollout;

import dev.palisade.ota.Release;
import java.nio.charset.StandardCharsets;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a device receives on {@code devices/<id>/ota/update}: the release to install, named as its TUF target ({@code
 * <tier>/<model>/<hardwareRevision>/<version>}), with the digest and length the download must match.
 */
public record UpdateOffer(String releaseId, String target, String rolloutId, String sha256, long length) {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    public static UpdateOffer of(Release release, RolloutId rollout) {
        return new UpdateOffer(
                release.id().toString(),
                release.tier().wireName() + "/" + release.model() + "/" + release.hardwareRevision() + "/"
                        + release.version(),
                rollout.toString(),
                release.sha256().hex(),
                release.length());
    }

    /** The device's topic for offers. */
    public static String topic(String device) {
        return "devices/" + device + "/ota/update";
    }

    public byte[] toBytes() {
        return JSON.writeValueAsString(this).getBytes(StandardCharsets.UTF_8);
    }
}
