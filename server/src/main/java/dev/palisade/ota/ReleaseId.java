package dev.palisade.ota;

import dev.palisade.shared.Uuids;
import java.util.UUID;

/** Names a release within its tenant. */
public record ReleaseId(UUID value) {

    public static ReleaseId parse(String text) {
        return new ReleaseId(Uuids.parse(text));
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
