package dev.palisade.storage.internal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import org.jspecify.annotations.Nullable;

/** Directory operations that make a tree appear all at once or not at all. */
public final class FileTrees {

    private FileTrees() {}

    /**
     * Renames the finished tree {@code staged} to {@code target} in one step, so a crash leaves either no target or a
     * complete one. Returns false, and removes {@code staged}, when another process created {@code target} first.
     */
    public static boolean publish(Path staged, Path target) throws IOException {
        syncDirectory(staged);
        try {
            Files.move(staged, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            if (!Files.isDirectory(target)) {
                throw e;
            }
            deleteRecursively(staged);
            return false;
        }
        Path parent = target.getParent();
        if (parent != null) {
            // The rename itself is only durable once the directory holding it is flushed.
            syncDirectory(parent);
        }
        return true;
    }

    /** Flushes a directory's entries to disk. */
    public static void syncDirectory(Path directory) throws IOException {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }

    /** Flushes every file and directory under {@code root} to disk, one by one. */
    public static void forceTree(Path root) throws IOException {
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                if (attributes.isRegularFile()) {
                    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
                        channel.force(true);
                    }
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, @Nullable IOException failure) throws IOException {
                return finishDirectory(dir, failure, FileTrees::syncDirectory);
            }
        });
    }

    /** Deletes {@code root} and everything below it, without following symbolic links; absent is fine. */
    public static void deleteRecursively(Path root) throws IOException {
        if (!Files.exists(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, @Nullable IOException failure) throws IOException {
                return finishDirectory(dir, failure, Files::delete);
            }
        });
    }

    private interface DirectoryStep {
        void apply(Path dir) throws IOException;
    }

    private static FileVisitResult finishDirectory(Path dir, @Nullable IOException failure, DirectoryStep step)
            throws IOException {
        if (failure != null) {
            throw failure;
        }
        step.apply(dir);
        return FileVisitResult.CONTINUE;
    }

    /** Deletes leftovers of interrupted work: entries of {@code dir} whose names start with {@code prefix}. */
    public static void deleteLeftovers(Path dir, String prefix) throws IOException {
        try (var entries = Files.newDirectoryStream(dir, prefix + "*")) {
            for (Path leftover : entries) {
                deleteRecursively(leftover);
            }
        }
    }
}
