package dev.palisade.ota;

import dev.palisade.shared.TenantId;
import java.time.Instant;

/**
 * Published in the transaction that publishes a release, next to its audit record. It carries what signing a TUF
 * targets entry for the release needs, so that the repository can be built from events without reading OTA's tables.
 */
public record ReleasePublished(
        TenantId tenant,
        ReleaseId release,
        String model,
        String hardwareRevision,
        String version,
        UpdateTier tier,
        long securityVersion,
        String artifactName,
        Sha256 sha256,
        long length,
        Instant publishedAt) {

    static ReleasePublished of(Release release) {
        if (release.publishedAt() == null) {
            throw new IllegalArgumentException("release " + release.id() + " is not published");
        }
        return new ReleasePublished(
                release.tenant(),
                release.id(),
                release.model(),
                release.hardwareRevision(),
                release.version(),
                release.tier(),
                release.securityVersion(),
                release.artifactName(),
                release.sha256(),
                release.length(),
                release.publishedAt());
    }
}
