package dev.palisade.storage.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PostgresLogTest {

    @TempDir
    Path dir;

    @Test
    void explainsAFailureWithTheLastLinesOfTheLog() throws IOException {
        var log = new PostgresLog(dir.resolve("postgres.log"));
        Files.writeString(
                log.file(),
                IntStream.rangeClosed(1, 5000).mapToObj(i -> "line " + i).collect(Collectors.joining("\n")),
                StandardCharsets.UTF_8);

        String message = log.explain("PostgreSQL exited");

        assertThat(message)
                .startsWith("PostgreSQL exited")
                .endsWith("line 5000")
                .contains("line 4981");
        assertThat(message).doesNotContain("line 4980\n");
    }

    @Test
    void aMissingLogIsSaidToBeUnreadable() {
        assertThat(new PostgresLog(dir.resolve("absent.log")).tail(5)).startsWith("(cannot read the log");
    }

    @Test
    void isCreatedReadableByItsOwnerOnlyAndRotatedWhenLarge() throws IOException {
        var log = new PostgresLog(dir.resolve("postgres.log"));
        log.create();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(log.file())))
                .isEqualTo("rw-------");
        Files.write(log.file(), new byte[(int) PostgresLog.ROTATE_AT_BYTES + 1]);

        log.rotateIfLarge();

        assertThat(Files.size(log.file())).isZero();
        assertThat(dir.resolve("postgres.log.1")).exists();
    }
}
