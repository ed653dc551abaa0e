package dev.palisade.agent.ota;

import java.nio.file.Path;

/** The outcome of downloading a target's bytes: callers must handle both cases. */
public sealed interface BlobDownload {

    /**
     * The file has exactly the length and hashes the trusted target names.
     *
     * @param file where the verified bytes are
     */
    record Verified(Path file) implements BlobDownload {}

    /**
     * The bytes must not be used; nothing of them is kept, except a partial file after a broken connection that the
     * next attempt resumes.
     *
     * @param code a stable code ({@code tuf.hash-mismatch}, {@code tuf.length-exceeded}, {@code download-failed} …)
     * @param detail a human explanation
     */
    record Refused(String code, String detail) implements BlobDownload {}
}
