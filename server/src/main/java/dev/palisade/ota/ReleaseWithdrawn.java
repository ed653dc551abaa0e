package dev.palisade.ota;

import dev.palisade.shared.TenantId;

/**
 * Published in the transaction that withdraws a release, next to its audit record: the TUF repository removes the
 * release's target, rollouts of it stop, and downloads forget what they remembered of it.
 *
 * @param targetPath the release's TUF target path ({@link TufTargets#path})
 */
public record ReleaseWithdrawn(TenantId tenant, ReleaseId release, UpdateTier tier, String targetPath, String reason) {

    static ReleaseWithdrawn of(Release release, String reason) {
        return new ReleaseWithdrawn(
                release.tenant(),
                release.id(),
                release.tier(),
                TufTargets.path(release.tier(), release.model(), release.hardwareRevision(), release.version()),
                reason);
    }
}
