package dev.palisade.shared;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Files that hold secrets: created readable by their owner only, written atomically so that a crash never leaves a
 * half-written secret behind.
 */
public final class SecretFiles {

    private static final SecureRandom RANDOM = new SecureRandom();

    private SecretFiles() {}

    /** Creates {@code dir} (and parents) if missing and restricts it to its owner. */
    public static Path ownerOnlyDirectory(Path dir) {
        try {
            Files.createDirectories(dir);
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare private directory " + dir, e);
        }
    }

    /** Writes {@code content} to {@code file} with mode 0600, replacing any previous content atomically. */
    public static void write(Path file, byte[] content) {
        Path parent = file.toAbsolutePath().getParent();
        try {
            Files.createDirectories(parent);
            Path temp = Files.createTempFile(
                    parent,
                    "." + file.getFileName(),
                    ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            try {
                Files.write(temp, content, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.SYNC);
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(temp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write secret file " + file, e);
        }
    }

    public static void writeString(Path file, String content) {
        write(file, content.getBytes(StandardCharsets.UTF_8));
    }

    public static String readString(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read secret file " + file, e);
        }
    }

    /**
     * Returns the secret stored in {@code file}, first generating a random one (256 bits, base64url) when the file
     * does not exist yet.
     */
    public static String readOrGenerate(Path file) {
        if (!Files.exists(file)) {
            writeString(file, randomToken(32));
        }
        return readString(file);
    }

    /** A random base64url string (no padding) carrying {@code bytes} bytes of entropy. */
    public static String randomToken(int bytes) {
        byte[] random = new byte[bytes];
        RANDOM.nextBytes(random);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    }
}
