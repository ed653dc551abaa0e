package dev.palisade.api.ota;

import dev.palisade.ota.Artifact;
import dev.palisade.ota.Release;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** What the OTA endpoints answer. */
final class OtaViews {

    private OtaViews() {}

    record ArtifactView(String id, String name, String sha256, long length, Instant createdAt, String createdBy) {
        static ArtifactView of(Artifact artifact) {
            return new ArtifactView(
                    artifact.id().toString(),
                    artifact.name(),
                    artifact.sha256().hex(),
                    artifact.length(),
                    artifact.createdAt(),
                    artifact.createdBy());
        }
    }

    record ReleaseView(
            String id,
            String model,
            String hardwareRevision,
            String version,
            String tier,
            long securityVersion,
            String state,
            String artifactId,
            String artifactName,
            String sha256,
            long length,
            Instant createdAt,
            String createdBy,
            @Nullable Instant publishedAt,
            @Nullable String publishedBy) {
        static ReleaseView of(Release release) {
            return new ReleaseView(
                    release.id().toString(),
                    release.model(),
                    release.hardwareRevision(),
                    release.version(),
                    release.tier().wireName(),
                    release.securityVersion(),
                    release.state().wireName(),
                    release.artifact().toString(),
                    release.artifactName(),
                    release.sha256().hex(),
                    release.length(),
                    release.createdAt(),
                    release.createdBy(),
                    release.publishedAt(),
                    release.publishedBy());
        }
    }
}
