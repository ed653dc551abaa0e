package dev.palisade.protocol.tuf;

/**
 * The bounds that keep a hostile repository from making the client download or work without end.
 *
 * @param maxRootRotations how many new root versions one update follows (the spec's Y)
 * @param rootMaxLength the most bytes of a root file (W)
 * @param timestampMaxLength the most bytes of timestamp metadata (X)
 * @param snapshotMaxLength the most bytes of snapshot metadata when the timestamp does not give its length
 * @param targetsMaxLength the most bytes of targets metadata when the snapshot does not give its length (Z)
 * @param maxDelegations how many targets roles one target search visits
 */
public record UpdaterLimits(
        int maxRootRotations,
        long rootMaxLength,
        long timestampMaxLength,
        long snapshotMaxLength,
        long targetsMaxLength,
        int maxDelegations) {

    /** python-tuf's defaults, which tuf-js shares. */
    public static final UpdaterLimits DEFAULTS = new UpdaterLimits(256, 512_000, 16_384, 2_000_000, 5_000_000, 32);

    /** Refuses non-positive limits. */
    public UpdaterLimits {
        if (maxRootRotations < 1
                || rootMaxLength < 1
                || timestampMaxLength < 1
                || snapshotMaxLength < 1
                || targetsMaxLength < 1
                || maxDelegations < 1) {
            throw new IllegalArgumentException("every limit must be positive");
        }
    }
}
