package dev.palisade.agent.ota;

import com.github.luben.zstd.ZstdException;
import com.github.luben.zstd.ZstdIOException;
import com.github.luben.zstd.ZstdInputStreamNoFinalizer;
import dev.palisade.protocol.ota.DeltaFormat;
import dev.palisade.protocol.tuf.TargetFile;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.jspecify.annotations.Nullable;

/**
 * Reconstructs a target from the active slot's image and a binary delta (zstd patch-from, the active image as the
 * dictionary), when the server has one from exactly the active image's content to the target's. The delta is bounded
 * like the image (never more than the target's trusted length is downloaded or produced), and the result is checked
 * against the target's signed length and hashes like any download. Every way this can go wrong answers {@link
 * BlobDownload.Refused} with a reason and leaves nothing behind: the caller then downloads the full image.
 */
final class DeltaUpdate {

    static final String NO_BASE = "delta-no-base";
    static final String NOT_FOUND = "delta-not-found";
    static final String CORRUPT = "delta-corrupt";
    static final String TOO_LONG = "delta-output-too-long";
    private static final int BUFFER = 64 * 1024;

    private final BlobSource source;

    DeltaUpdate(BlobSource source) {
        this.source = source;
    }

    /**
     * The target's bytes in {@code downloads}, reconstructed from {@code activeImage} and a delta, verified; or why
     * not.
     */
    BlobDownload fetch(Path activeImage, TargetFile target, Path downloads) throws InterruptedException {
        String toSha256 = target.hashes().getOrDefault("sha256", "");
        Path delta = downloads.resolve(toSha256 + ".delta");
        Path output = downloads.resolve(toSha256 + ".from-delta");
        try {
            if (!Files.isRegularFile(activeImage) || Files.size(activeImage) > Integer.MAX_VALUE - 8) {
                return new BlobDownload.Refused(NO_BASE, "no active image to apply a delta to");
            }
            byte[] base = Files.readAllBytes(activeImage);
            String fromSha256 = HexFormat.of().formatHex(sha256().digest(base));
            if (fromSha256.equals(toSha256)) {
                return new BlobDownload.Refused(NO_BASE, "the active slot already holds the target's content");
            }
            BlobDownload fetched = source.downloadDelta(fromSha256, target, delta);
            if (fetched instanceof BlobDownload.Refused refused) {
                return refused;
            }
            BlobDownload.Refused failed = apply(base, delta, target, output);
            if (failed != null) {
                Files.deleteIfExists(output);
                return failed;
            }
            return HttpsRepository.verify(target, output);
        } catch (IOException e) {
            deleteQuietly(output);
            return new BlobDownload.Refused(RefusalCodes.STORAGE_FAILED, "applying the delta failed: " + e);
        } finally {
            deleteQuietly(delta);
        }
    }

    /** Decodes {@code delta} against {@code base} into {@code output}, never past the target's length. */
    private static BlobDownload.@Nullable Refused apply(byte[] base, Path delta, TargetFile target, Path output)
            throws IOException {
        int windowLog = DeltaFormat.windowLog(base.length, target.length());
        long written = 0;
        try (InputStream file = new BufferedInputStream(Files.newInputStream(delta), BUFFER);
                ZstdInputStreamNoFinalizer zstd = new ZstdInputStreamNoFinalizer(file);
                OutputStream out = Files.newOutputStream(output)) {
            zstd.setDict(base);
            zstd.setLongMax(windowLog);
            byte[] buffer = new byte[BUFFER];
            for (int n; (n = zstd.read(buffer)) >= 0; ) {
                written += n;
                if (written > target.length()) {
                    return new BlobDownload.Refused(
                            TOO_LONG, "the delta gives more than the " + target.length() + " bytes trusted");
                }
                out.write(buffer, 0, n);
            }
        } catch (ZstdIOException | ZstdException e) {
            // a damaged frame, a delta made for another base (the frame checksum then fails), a window beyond the bound
            return new BlobDownload.Refused(CORRUPT, "the delta does not decode against the active image: " + e);
        }
        return null;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // a leftover is overwritten by the next attempt
        }
    }
}
