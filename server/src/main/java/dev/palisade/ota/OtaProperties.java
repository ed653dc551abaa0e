package dev.palisade.ota;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Over-the-air update settings.
 *
 * @param maxArtifactSize the largest artifact an upload may carry; larger ones are refused with 413 and nothing is
 *     kept
 * @param deltaLevel the zstd level binary deltas are generated at (1 to 22; 19 by default, as {@code zstd
 *     --patch-from -19}): higher levels make smaller deltas, slower, with more memory
 */
@ConfigurationProperties("palisade.ota")
public record OtaProperties(
        @DefaultValue("8GB") DataSize maxArtifactSize,
        @DefaultValue("19") int deltaLevel) {

    public OtaProperties {
        if (maxArtifactSize.toBytes() < 1) {
            throw new IllegalArgumentException("palisade.ota.max-artifact-size is at least 1 byte");
        }
        if (deltaLevel < 1 || deltaLevel > 22) {
            throw new IllegalArgumentException("palisade.ota.delta-level is 1 to 22");
        }
    }
}
