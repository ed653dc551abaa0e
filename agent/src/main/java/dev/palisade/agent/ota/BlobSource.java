package dev.palisade.agent.ota;

import dev.palisade.protocol.tuf.TargetFile;
import java.nio.file.Path;

/** Where target bytes come from, by content address. */
public interface BlobSource {

    /**
     * Downloads {@code target}'s bytes into {@code partial}, resuming from what it already holds, and verifies its
     * length and hashes against {@code target} before answering {@link BlobDownload.Verified}. Never more than {@code
     * target.length()} bytes are written, whatever the server sends.
     */
    BlobDownload download(TargetFile target, Path partial) throws InterruptedException;

    /**
     * Downloads the binary delta from the content {@code fromSha256} to {@code target}'s into {@code file}: never more
     * than {@code target.length()} bytes (a delta no smaller than the image is useless). {@link BlobDownload.Verified}
     * means only that the bytes arrived; they are checked by applying them. A source without deltas has none.
     */
    default BlobDownload downloadDelta(String fromSha256, TargetFile target, Path file) throws InterruptedException {
        return new BlobDownload.Refused(DeltaUpdate.NOT_FOUND, "this source serves no deltas");
    }
}
