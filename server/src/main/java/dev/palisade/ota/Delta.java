package dev.palisade.ota;

import dev.palisade.shared.TenantId;
import java.time.Duration;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A binary delta from one artifact to another of the same model, hardware revision and tier: a zstd patch-from frame
 * (the "from" image as the dictionary) that was applied back after generation and reproduced the "to" artifact's
 * SHA-256. When the delta was not smaller than the "to" image, none is kept ({@code deltaSha256} is null) and devices
 * download the full image.
 *
 * @param deltaSha256 the delta's content address in the blob store, or null when the full image is to be used
 * @param deltaLength the delta's length, or null when the full image is to be used
 * @param windowLog log2 of the zstd window the delta was generated with
 * @param generationTime how long the encoding took (not counting the decode that verified it)
 */
public record Delta(
        TenantId tenant,
        ArtifactId from,
        ArtifactId to,
        Sha256 fromSha256,
        Sha256 toSha256,
        long toLength,
        @Nullable Sha256 deltaSha256,
        @Nullable Long deltaLength,
        int level,
        int windowLog,
        Duration generationTime,
        Instant createdAt,
        String createdBy) {

    public Delta {
        if (from.equals(to)) {
            throw new IllegalArgumentException("a delta is between two different artifacts");
        }
        if ((deltaSha256 == null) != (deltaLength == null)) {
            throw new IllegalArgumentException("a kept delta has both a digest and a length");
        }
        if (deltaLength != null && deltaLength >= toLength) {
            throw new IllegalArgumentException("a delta is kept only when it is smaller than the image");
        }
    }

    /** Whether devices should download the full image: the delta was not smaller. */
    public boolean useFullImage() {
        return deltaSha256 == null;
    }
}
