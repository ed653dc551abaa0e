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
}
