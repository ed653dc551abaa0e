package dev.palisade.storage.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NativeTarXzTest {

    @TempDir
    Path temp;

    @Test
    void unpacksThePostgresArchiveExactlyAsThePureJavaExtractorDoes() throws IOException {
        assumeThat(NativeTarXz.available()).as("tar and xz on the PATH").isTrue();
        Path javaTree = Files.createDirectory(temp.resolve("java"));
        Path nativeTree = Files.createDirectory(temp.resolve("native"));

        try (InputStream archive = archive()) {
            TarXzArchive.extract(archive, javaTree);
        }
        try (InputStream archive = archive()) {
            NativeTarXz.extract(archive, nativeTree);
        }

        Map<String, String> fromJava = describe(javaTree);
        assertThat(fromJava).containsKey("bin/postgres");
        assertThat(describe(nativeTree)).isEqualTo(fromJava);
    }

    @Test
    void reportsWhatTarSaysWhenTheArchiveIsBroken() {
        assumeThat(NativeTarXz.available()).as("tar and xz on the PATH").isTrue();

        var failure = org.assertj.core.api.Assertions.catchThrowable(
                () -> NativeTarXz.extract(new java.io.ByteArrayInputStream(new byte[] {1, 2, 3, 4}), temp));

        assertThat(failure).isInstanceOf(IOException.class).hasMessageContaining("tar exited with status");
    }

    private static InputStream archive() throws IOException {
        InputStream archive = NativeTarXzTest.class.getClassLoader().getResourceAsStream(PostgresBinaries.RESOURCE);
        if (archive == null) {
            throw new IOException("no " + PostgresBinaries.RESOURCE + " on the test classpath");
        }
        return archive;
    }

    /** Every entry's path with its kind, size, permissions, and link target. */
    private static Map<String, String> describe(Path root) throws IOException {
        Map<String, String> entries = new TreeMap<>();
        try (Stream<Path> tree = Files.walk(root)) {
            for (Path path : (Iterable<Path>) tree::iterator) {
                String description = Files.isSymbolicLink(path)
                        ? "link -> " + Files.readSymbolicLink(path)
                        : (Files.isDirectory(path) ? "dir " : "file " + Files.size(path) + " ")
                                + java.nio.file.attribute.PosixFilePermissions.toString(
                                        Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS));
                entries.put(root.relativize(path).toString(), description);
            }
        }
        entries.remove("");
        return entries;
    }
}
