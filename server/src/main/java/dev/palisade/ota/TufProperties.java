package dev.palisade.ota;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The TUF repository's lifetimes. Each metadata file is re-signed once less than half of its lifetime is left, so a
 * client sees fresh metadata well before it expires even if a refresh run is missed.
 *
 * @param timestampExpiry how long a timestamp is valid: how long a device can be kept from updates unnoticed
 * @param snapshotExpiry how long a snapshot is valid
 * @param targetsExpiry how long top-level and tier targets metadata are valid
 * @param refreshInterval how often the scheduler looks for metadata to re-sign
 */
@ConfigurationProperties("palisade.ota.tuf")
public record TufProperties(
        @DefaultValue("P1D") Duration timestampExpiry,
        @DefaultValue("P7D") Duration snapshotExpiry,
        @DefaultValue("P365D") Duration targetsExpiry,
        @DefaultValue("PT10M") Duration refreshInterval) {

    public TufProperties {
        if (timestampExpiry.toMinutes() < 10 || snapshotExpiry.compareTo(timestampExpiry) < 0) {
            throw new IllegalArgumentException("palisade.ota.tuf: timestamp-expiry is at least 10 minutes and no"
                    + " longer than snapshot-expiry");
        }
        if (targetsExpiry.compareTo(snapshotExpiry) < 0) {
            throw new IllegalArgumentException("palisade.ota.tuf.targets-expiry is at least snapshot-expiry");
        }
        if (refreshInterval.compareTo(timestampExpiry.dividedBy(4)) > 0 || refreshInterval.isNegative()) {
            throw new IllegalArgumentException(
                    "palisade.ota.tuf.refresh-interval must be at most a quarter of timestamp-expiry");
        }
    }

    /** The lifetime of a role's metadata: timestamp, snapshot, or any targets role. */
    public Duration lifetime(String role) {
        return switch (role) {
            case "timestamp" -> timestampExpiry;
            case "snapshot" -> snapshotExpiry;
            default -> targetsExpiry;
        };
    }
}
