package dev.palisade.storage.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TarXzArchiveTest {

    @TempDir
    Path target;

    @Test
    void keepsFileModesAndRecreatesSymbolicLinks() throws IOException {
        byte[] archive = archive(
                directory("bin/"),
                file("bin/initdb", 0755, "#!/bin/sh"),
                file("lib/libpq.so.5.18", 0644, "library"),
                symlink("lib/libpq.so.5", "libpq.so.5.18"));

        TarXzArchive.extract(new ByteArrayInputStream(archive), target);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(target.resolve("bin/initdb"))))
                .isEqualTo("rwxr-xr-x");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(target.resolve("lib/libpq.so.5.18"))))
                .isEqualTo("rw-r--r--");
        assertThat(Files.readSymbolicLink(target.resolve("lib/libpq.so.5"))).isEqualTo(Path.of("libpq.so.5.18"));
        assertThat(target.resolve("lib/libpq.so.5")).hasContent("library");
    }

    @Test
    void refusesEntriesThatEscapeTheTargetDirectory() throws IOException {
        byte[] archive = archive(file("../escaped", 0644, "outside"));

        assertThatThrownBy(() -> TarXzArchive.extract(new ByteArrayInputStream(archive), target))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("escapes");
        assertThat(target.resolveSibling("escaped")).doesNotExist();
    }

    @Test
    void refusesSymbolicLinksThatPointOutsideTheTargetDirectory() throws IOException {
        byte[] archive = archive(symlink("lib/passwd", "../../etc/passwd"));

        assertThatThrownBy(() -> TarXzArchive.extract(new ByteArrayInputStream(archive), target))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("outside");
    }

    private record Entry(TarArchiveEntry header, String content) {}

    private static Entry directory(String name) {
        TarArchiveEntry header = new TarArchiveEntry(name);
        header.setMode(040755);
        return new Entry(header, "");
    }

    private static Entry file(String name, int mode, String content) {
        TarArchiveEntry header = new TarArchiveEntry(name, true);
        header.setMode(0100000 | mode);
        header.setSize(content.getBytes(StandardCharsets.UTF_8).length);
        return new Entry(header, content);
    }

    private static Entry symlink(String name, String linkTarget) {
        TarArchiveEntry header = new TarArchiveEntry(name, TarArchiveEntry.LF_SYMLINK, true);
        header.setLinkName(linkTarget);
        return new Entry(header, "");
    }

    private static byte[] archive(Entry... entries) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new XZCompressorOutputStream(bytes))) {
            for (Entry entry : entries) {
                tar.putArchiveEntry(entry.header());
                tar.write(entry.content().getBytes(StandardCharsets.UTF_8));
                tar.closeArchiveEntry();
            }
        }
        return bytes.toByteArray();
    }
}
