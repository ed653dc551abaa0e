package dev.palisade.ota;

import dev.palisade.shared.Uuids;
import java.util.UUID;

/** Names an artifact within its tenant. */
public record ArtifactId(UUID value) {

    public static ArtifactId parse(String text) {
        return new ArtifactId(Uuids.parse(text));
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
