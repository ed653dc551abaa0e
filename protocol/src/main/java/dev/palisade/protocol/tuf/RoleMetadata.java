package dev.palisade.protocol.tuf;

import java.time.Instant;
import java.util.Map;

/** The {@code signed} part of TUF metadata for one of the four role types. */
public sealed interface RoleMetadata permits Root, Timestamp, Snapshot, Targets {

    /** Which role this is; its name is the {@code _type}. */
    RoleType type();

    /** The {@code spec_version} the metadata claims. */
    String specVersion();

    /** The metadata's version, at least 1. */
    long version();

    /** When the metadata stops being trusted. */
    Instant expires();

    /** Whether the metadata has expired at {@code now}: it is trusted only while {@code expires} is later than now. */
    default boolean isExpiredAt(Instant now) {
        return !expires().isAfter(now);
    }

    /** The {@code signed} object as this package writes it. */
    Map<String, Object> toJson();
}
