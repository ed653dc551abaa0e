package dev.palisade.ota;

/** What an operator asks for when creating a release (validated by {@link Releases#create}). */
public record NewRelease(
        String model,
        String hardwareRevision,
        String version,
        UpdateTier tier,
        long securityVersion,
        ArtifactId artifact) {}
