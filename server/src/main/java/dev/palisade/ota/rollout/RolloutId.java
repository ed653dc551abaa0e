package dev.palisade.ota.rollout;

import dev.palisade.shared.Uuids;
import java.util.UUID;

/** Names a rollout within its tenant. */
public record RolloutId(UUID value) {

    public static RolloutId parse(String text) {
        return new RolloutId(Uuids.parse(text));
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
