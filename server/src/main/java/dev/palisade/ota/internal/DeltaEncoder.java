package dev.palisade.ota.internal;

import com.github.luben.zstd.ZstdInputStreamNoFinalizer;
import com.github.luben.zstd.ZstdOutputStreamNoFinalizer;
import dev.palisade.ota.Sha256;
import dev.palisade.protocol.ota.DeltaFormat;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;

/**
 * Encodes one image against another with zstd's patch-from: the old image is the dictionary, long-distance matching
 * runs over a window that covers the larger image ({@link DeltaFormat#windowLog}), at the configured level. Then it
 * decodes the delta against the old image, as a device will, and compares the result's SHA-256 and length with the
 * new image's: a delta is only ever offered when it reproduced its target here.
 *
 * <p>The old image is held in memory (zstd needs its dictionary there), so images up to 2 GB are supported; the new
 * image and the delta are streamed.
 */
public final class DeltaEncoder {

    /** The largest "from" image: a zstd dictionary is one Java array. */
    public static final long MAX_FROM_LENGTH = Integer.MAX_VALUE - 8;

    private static final int BUFFER = 256 * 1024;

    private DeltaEncoder() {}

    /** What encoding came to. */
    public sealed interface Encoded {
        int windowLog();

        Duration encodingTime();

        /** The delta in {@code file} reproduced the target; its length is {@code length}. */
        record Verified(Path file, long length, int windowLog, Duration encodingTime, Duration verificationTime)
                implements Encoded {}

        /** Decoding the delta did not give the target back: a broken invariant of the codec, never offered. */
        record DoesNotReproduce(String detail, int windowLog, Duration encodingTime) implements Encoded {}
    }

    /**
     * Writes the delta from {@code from} to {@code to} into {@code delta} and checks it against {@code toSha256}.
     *
     * @throws IOException reading an image or writing the delta failed
     */
    public static Encoded encode(Path from, Path to, Sha256 toSha256, int level, Path delta) throws IOException {
        long fromLength = Files.size(from);
        long toLength = Files.size(to);
        if (fromLength > MAX_FROM_LENGTH) {
            throw new IllegalArgumentException("the old image is over " + MAX_FROM_LENGTH + " bytes");
        }
        int windowLog = DeltaFormat.windowLog(fromLength, toLength);
        byte[] dictionary = Files.readAllBytes(from);
        long started = System.nanoTime();
        try (OutputStream file = new BufferedOutputStream(Files.newOutputStream(delta), BUFFER);
                ZstdOutputStreamNoFinalizer zstd = new ZstdOutputStreamNoFinalizer(file);
                InputStream in = Files.newInputStream(to)) {
            zstd.setLevel(level);
            zstd.setLong(windowLog);
            zstd.setWindowLog(windowLog);
            zstd.setChecksum(true);
            zstd.setDict(dictionary);
            in.transferTo(zstd);
        }
        Duration encoding = Duration.ofNanos(System.nanoTime() - started);
        started = System.nanoTime();
        MessageDigest digest = sha256();
        long decoded = 0;
        try (InputStream file = new BufferedInputStream(Files.newInputStream(delta), BUFFER);
                ZstdInputStreamNoFinalizer zstd = new ZstdInputStreamNoFinalizer(file);
                DigestInputStream hashed = new DigestInputStream(zstd, digest)) {
            zstd.setDict(dictionary);
            zstd.setLongMax(windowLog);
            byte[] buffer = new byte[BUFFER];
            for (int n; (n = hashed.read(buffer)) >= 0; ) {
                decoded += n;
                if (decoded > toLength) {
                    break;
                }
            }
        }
        Duration verification = Duration.ofNanos(System.nanoTime() - started);
        Sha256 actual = Sha256.of(digest.digest());
        if (decoded != toLength || !actual.equals(toSha256)) {
            return new Encoded.DoesNotReproduce(
                    "decoding the delta gave " + decoded + " bytes with SHA-256 " + actual + ", not the " + toLength
                            + " bytes of " + toSha256,
                    windowLog,
                    encoding);
        }
        return new Encoded.Verified(delta, Files.size(delta), windowLog, encoding, verification);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
