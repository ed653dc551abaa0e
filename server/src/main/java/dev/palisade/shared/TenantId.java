package dev.palisade.shared;

import java.util.UUID;

/** Identifies a tenant: the unit of isolation for every row, key and event in Palisade. */
public record TenantId(UUID value) {

    public static TenantId of(UUID value) {
        return new TenantId(value);
    }

    /** Parses the canonical UUID form; throws {@link IllegalArgumentException} for anything else. */
    public static TenantId parse(String text) {
        return new TenantId(Uuids.parse(text));
    }

    public static TenantId random() {
        return new TenantId(UUID.randomUUID());
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
