package dev.palisade.agent;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Small files replaced whole: written beside their target, forced to disk, renamed over it, the directory forced. A
 * device that loses power at any moment finds the old file or the new one, never half of either.
 */
public final class AtomicFiles {

    private AtomicFiles() {}

    /** Replaces {@code file} with {@code content}, readable by its owner only. */
    public static void write(Path file, byte[] content) throws IOException {
        write(file, content, PosixFilePermissions.fromString("rw-------"));
    }

    /** Replaces {@code file} with {@code content}, with {@code permissions} where the file system has them. */
    public static void write(Path file, byte[] content, Set<PosixFilePermission> permissions) throws IOException {
        Path directory = directoryOf(file);
        Files.createDirectories(directory);
        Path temporary = Files.createTempFile(directory, "." + file.getFileName(), ".tmp");
        try {
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(content);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            if (Files.getFileStore(temporary).supportsFileAttributeView("posix")) {
                Files.setPosixFilePermissions(temporary, permissions);
            }
            move(temporary, file);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    /** Renames {@code from} over {@code to} atomically, and makes the rename durable. */
    public static void move(Path from, Path to) throws IOException {
        Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        forceDirectory(directoryOf(to));
    }

    /** The directory holding {@code file}. */
    public static Path directoryOf(Path file) {
        Path parent = file.toAbsolutePath().getParent();
        if (parent == null) {
            throw new IllegalArgumentException(file + " is not in a directory");
        }
        return parent;
    }

    /** Makes a rename durable; platforms that cannot open a directory for this keep the rename in their own time. */
    public static void forceDirectory(Path directory) {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException notSupported) {
            // some platforms cannot open a directory; the rename is still atomic there
        }
    }
}
