package dev.palisade.tenancy;

import dev.palisade.shared.Uuids;
import java.util.UUID;

/** Identifies an API token; the public part of the token string, never the secret. */
public record ApiTokenId(UUID value) {

    public static ApiTokenId parse(String text) {
        return new ApiTokenId(Uuids.parse(text));
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
