package dev.palisade.storage.internal;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.stream.Stream;

/**
 * Unpacks a {@code .tar.xz} stream with the system's {@code tar} and {@code xz}, about twice as fast as the pure-Java
 * {@link TarXzArchive}, which matters on a server's first start. Afterwards the tree is checked like the Java
 * extractor checks it (no link may point outside it) and every file is flushed to disk.
 */
final class NativeTarXz {

    private NativeTarXz() {}

    /** Whether {@code tar} and {@code xz} are on the PATH. */
    static boolean available() {
        return onPath("tar") && onPath("xz");
    }

    static void extract(InputStream archive, Path target) throws IOException {
        Process tar = new ProcessBuilder(List.of("tar", "-xJf", "-", "--no-same-owner", "-C", target.toString()))
                .redirectErrorStream(true)
                .start();
        try (OutputStream in = tar.getOutputStream()) {
            archive.transferTo(in);
        } catch (IOException brokenPipe) {
            // tar stopped reading; its exit status and output below say why
        }
        String output;
        try (InputStream out = tar.getInputStream()) {
            output = new String(out.readAllBytes(), StandardCharsets.UTF_8).strip();
        }
        int status;
        try {
            status = tar.waitFor();
        } catch (InterruptedException e) {
            tar.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while unpacking", e);
        }
        if (status != 0) {
            throw new IOException("tar exited with status " + status + ": " + output);
        }
        checkAndFlush(target.toAbsolutePath().normalize());
    }

    private static void checkAndFlush(Path root) throws IOException {
        try (Stream<Path> tree = Files.walk(root)) {
            for (Path path : (Iterable<Path>) tree::iterator) {
                if (Files.isSymbolicLink(path)) {
                    Path link = Files.readSymbolicLink(path);
                    if (link.isAbsolute()
                            || !path.resolveSibling(link).normalize().startsWith(root)) {
                        throw new IOException(
                                "archive link points outside the target directory: " + root.relativize(path));
                    }
                } else if (Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)) {
                    try (FileChannel file = FileChannel.open(path, StandardOpenOption.READ)) {
                        file.force(true);
                    }
                }
            }
        }
    }

    private static boolean onPath(String command) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String directory : path.split(File.pathSeparator)) {
            if (!directory.isEmpty() && Files.isExecutable(Path.of(directory, command))) {
                return true;
            }
        }
        return false;
    }
}
