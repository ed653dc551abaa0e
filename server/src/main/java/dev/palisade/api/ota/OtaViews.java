package dev.palisade.api.ota;

import dev.palisade.ota.Artifact;
import dev.palisade.ota.Delta;
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

    /**
     * A delta, or the record that the full image is to be used ({@code useFullImage}, no delta digest and length).
     */
    record DeltaView(
            String fromArtifactId,
            String toArtifactId,
            String fromSha256,
            String toSha256,
            long toLength,
            boolean useFullImage,
            @Nullable String deltaSha256,
            @Nullable Long deltaLength,
            int level,
            int windowLog,
            long generationMillis,
            Instant createdAt,
            String createdBy) {
        static DeltaView of(Delta delta) {
            return new DeltaView(
                    delta.from().toString(),
                    delta.to().toString(),
                    delta.fromSha256().hex(),
                    delta.toSha256().hex(),
                    delta.toLength(),
                    delta.useFullImage(),
                    delta.deltaSha256() == null ? null : delta.deltaSha256().hex(),
                    delta.deltaLength(),
                    delta.level(),
                    delta.windowLog(),
                    delta.generationTime().toMillis(),
                    delta.createdAt(),
                    delta.createdBy());
        }
    }
}
