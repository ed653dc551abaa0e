package dev.palisade.ota;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Over-the-air update settings.
 *
 * @param maxArtifactSize the largest artifact an upload may carry; larger ones are refused with 413 and nothing is
 *     kept
 */
@ConfigurationProperties("palisade.ota")
public record OtaProperties(@DefaultValue("8GB") DataSize maxArtifactSize) {

    public OtaProperties {
        if (maxArtifactSize.toBytes() < 1) {
            throw new IllegalArgumentException("palisade.ota.max-artifact-size is at least 1 byte");
        }
    }
}
