package dev.palisade.agent.ota;

import dev.palisade.agent.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/** The one update under way, in a file replaced atomically at each step, so a restart knows where it stopped. */
final class UpdateJournal {

    private final Path file;

    UpdateJournal(Path file) {
        this.file = file;
    }

    Optional<PendingUpdate> load() throws IOException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        try {
            return Optional.of(PendingUpdate.parse(bytes));
        } catch (IllegalArgumentException e) {
            throw new IOException("the update journal " + file + " is damaged: " + e.getMessage(), e);
        }
    }

    void save(PendingUpdate pending) throws IOException {
        AtomicFiles.write(file, pending.toBytes());
    }

    void clear() throws IOException {
        Files.deleteIfExists(file);
        AtomicFiles.forceDirectory(AtomicFiles.directoryOf(file));
    }
}
