package dev.palisade.ota.internal;

import dev.palisade.ota.Sha256;
import dev.palisade.shared.DataDirectory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Content-addressed blobs on disk: {@code ota/blobs/sha256/ab/abcd…} below the data directory. An upload streams into
 * a staging file while it is hashed, is flushed to disk, and only then renamed (atomically) to its digest's name, so a
 * blob under that name is always complete; callers record a blob in the database only after {@link #write} returned.
 * A crash leaves at most a staging file, which the next start deletes, or a complete blob without a row, which the next
 * upload of the same content reuses. Identical content is stored once, whichever tenants upload it; who may read a
 * blob is decided by the tenant's rows, never by the file's presence.
 */
@Component
public class BlobStore {

    private static final Logger log = LoggerFactory.getLogger(BlobStore.class);
    private static final int BUFFER = 256 * 1024;
    private static final String PARTIAL = ".part";

    private final Path blobs;
    private final Path staging;

    @Autowired
    BlobStore(DataDirectory dataDirectory) {
        this(dataDirectory.ota());
    }

    /** A store below {@code root}; deletes staging files a previous process left behind. */
    public BlobStore(Path root) {
        this.blobs = root.resolve("blobs").resolve("sha256");
        this.staging = root.resolve("staging");
        try {
            Files.createDirectories(blobs);
            Files.createDirectories(staging);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the OTA blob store in " + root, e);
        }
        int removed = removeStagingFiles();
        if (removed > 0) {
            log.info("Removed {} unfinished OTA upload(s) left by an earlier run", removed);
        }
    }

    /** What a write did: stored (or found already stored), or refused with nothing kept. */
    public sealed interface Outcome {
        record Stored(Sha256 sha256, long length, boolean alreadyPresent) implements Outcome {}

        record TooLarge(long maxBytes) implements Outcome {}

        record DigestMismatch(Sha256 expected, Sha256 actual) implements Outcome {}

        record LengthMismatch(long expected, long actual) implements Outcome {}
    }

    /**
     * Streams {@code content} into the store. Nothing is kept unless the content is at most {@code maxBytes} long and
     * matches the expected digest and length where given; when this returns {@link Outcome.Stored}, the blob is on
     * disk for good.
     *
     * @throws IOException reading the content or writing the disk failed; nothing is kept
     */
    public Outcome write(
            InputStream content, long maxBytes, @Nullable Sha256 expectedDigest, @Nullable Long expectedLength)
            throws IOException {
        Path partial = Files.createTempFile(staging, "upload-", PARTIAL);
        try {
            MessageDigest digest = sha256();
            long length = 0;
            try (FileChannel out = FileChannel.open(partial, StandardOpenOption.WRITE)) {
                byte[] buffer = new byte[BUFFER];
                for (int n; (n = content.read(buffer)) >= 0; ) {
                    length += n;
                    if (length > maxBytes) {
                        return new Outcome.TooLarge(maxBytes);
                    }
                    digest.update(buffer, 0, n);
                    ByteBuffer chunk = ByteBuffer.wrap(buffer, 0, n);
                    while (chunk.hasRemaining()) {
                        out.write(chunk);
                    }
                }
                out.force(true);
            }
            Sha256 actual = Sha256.of(digest.digest());
            if (expectedLength != null && expectedLength != length) {
                return new Outcome.LengthMismatch(expectedLength, length);
            }
            if (expectedDigest != null && !expectedDigest.equals(actual)) {
                return new Outcome.DigestMismatch(expectedDigest, actual);
            }
            Path target = path(actual);
            if (Files.isRegularFile(target) && Files.size(target) == length) {
                return new Outcome.Stored(actual, length, true);
            }
            Path fanOut = fanOut(actual);
            Files.createDirectories(fanOut);
            try {
                Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException concurrentUpload) {
                return new Outcome.Stored(actual, length, true);
            }
            syncDirectory(fanOut);
            return new Outcome.Stored(actual, length, false);
        } finally {
            Files.deleteIfExists(partial);
        }
    }

    /**
     * A new, empty file in the staging directory for work that ends in {@link #write}: the caller deletes it; a crash
     * leaves it for the next start to delete.
     */
    public Path stagingFile(String prefix) throws IOException {
        return Files.createTempFile(staging, prefix + "-", PARTIAL);
    }

    /** Where the blob of {@code sha256} is, or would be. */
    public Path path(Sha256 sha256) {
        return fanOut(sha256).resolve(sha256.hex());
    }

    private Path fanOut(Sha256 sha256) {
        return blobs.resolve(sha256.hex().substring(0, 2));
    }

    public boolean contains(Sha256 sha256) {
        return Files.isRegularFile(path(sha256));
    }

    /** Staging files present now: uploads in progress, or left by a crash before the last start. */
    public long stagingFiles() {
        try (var files = Files.list(staging)) {
            return files.count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private int removeStagingFiles() {
        int removed = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(staging, "*" + PARTIAL)) {
            for (Path file : files) {
                Files.deleteIfExists(file);
                removed++;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot clean the OTA staging directory " + staging, e);
        }
        return removed;
    }

    /** Makes the rename itself durable: without it a power cut may forget the new directory entry. */
    private static void syncDirectory(Path directory) throws IOException {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
