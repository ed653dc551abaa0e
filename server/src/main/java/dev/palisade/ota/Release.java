package dev.palisade.ota;

import dev.palisade.shared.TenantId;
import java.time.Instant;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A release: one artifact for one model and hardware revision, at a version, in an update tier, with a security version.
 * It carries everything a TUF targets entry will describe: length and SHA-256 of the artifact, tier, model, hardware
 * revision and security version.
 *
 * @param securityVersion the anti-rollback counter: a device refuses anything below the highest it has installed, and
 *     a release cannot be published below the highest already published for its model, hardware revision and tier
 */
public record Release(
        TenantId tenant,
        ReleaseId id,
        String model,
        String hardwareRevision,
        String version,
        UpdateTier tier,
        long securityVersion,
        ArtifactId artifact,
        String artifactName,
        Sha256 sha256,
        long length,
        ReleaseState state,
        Instant createdAt,
        String createdBy,
        @Nullable Instant publishedAt,
        @Nullable String publishedBy) {

    /** Models and hardware revisions: the names the device's {@code model} and {@code hardwareRevision} attributes use. */
    public static final Pattern LABEL = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    /** Versions are semver-like: 2.4.1, 2.5.0-rc.1, 2024.06+build7. */
    public static final Pattern VERSION = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._+-]{0,63}");

    public Release {
        if (!LABEL.matcher(model).matches() || !LABEL.matcher(hardwareRevision).matches()) {
            throw new IllegalArgumentException("a model or hardware revision is 1 to 64 letters, digits or . _ -");
        }
        if (!VERSION.matcher(version).matches()) {
            throw new IllegalArgumentException("a version is 1 to 64 letters, digits or . _ + -");
        }
        if (securityVersion < 0) {
            throw new IllegalArgumentException("a security version is not negative");
        }
        if ((state == ReleaseState.DRAFT) != (publishedAt == null)) {
            throw new IllegalArgumentException("a release has a publication time exactly when it was published");
        }
    }
}
