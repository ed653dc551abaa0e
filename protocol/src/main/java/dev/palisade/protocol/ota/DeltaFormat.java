package dev.palisade.protocol.ota;

/**
 * What server and device agree on for binary deltas: a delta is one zstd frame compressed with the device's current
 * image as the dictionary (zstd's "patch-from"), with long-distance matching over a window that covers the larger of
 * the two images. Both sides derive the window from the two lengths, so the device can bound the memory it lets a
 * delta claim without trusting anything the delta says about itself.
 */
public final class DeltaFormat {

    /** The smallest window zstd accepts. */
    public static final int MIN_WINDOW_LOG = 10;

    /** The largest window zstd accepts on 64-bit platforms (2 GiB). */
    public static final int MAX_WINDOW_LOG = 31;

    /** Where the device endpoint serves the delta from one content to another. */
    public static final String DEVICE_PATH = "ota/deltas/";

    private DeltaFormat() {}

    /**
     * The window (log2 of its size in bytes) a delta between images of these lengths uses: one power of two above the
     * larger length, as {@code zstd --patch-from} chooses, so that every byte of the old image stays reachable.
     */
    public static int windowLog(long fromLength, long toLength) {
        if (fromLength < 0 || toLength < 0) {
            throw new IllegalArgumentException("lengths are not negative");
        }
        long larger = Math.max(fromLength, toLength);
        int log = 64 - Long.numberOfLeadingZeros(larger); // the highest bit, plus one: the window exceeds the larger
        return Math.clamp(log, MIN_WINDOW_LOG, MAX_WINDOW_LOG);
    }

    /** The device endpoint's path, below {@code /device/v1/}, of the delta from {@code fromSha256} to {@code toSha256}. */
    public static String devicePath(String fromSha256, String toSha256) {
        return DEVICE_PATH + fromSha256 + "/" + toSha256;
    }
}
