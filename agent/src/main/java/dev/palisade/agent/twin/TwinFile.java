package dev.palisade.agent.twin;

import dev.palisade.agent.AtomicFiles;
import dev.palisade.protocol.twin.ReportedState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The twin kept in one file: the reported-state document as the device last published it (canonical JSON), replaced
 * whole and atomically, so that a device losing power finds the previous document or the new one.
 */
public final class TwinFile implements TwinStore {

    private final Path file;

    public TwinFile(Path file) {
        this.file = file;
    }

    @Override
    public Optional<ReportedState> load() throws IOException {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(ReportedState.parse(Files.readAllBytes(file)));
        } catch (IllegalArgumentException e) {
            throw new IOException(file + " does not hold a reported twin state: " + e.getMessage(), e);
        }
    }

    @Override
    public void save(ReportedState state) throws IOException {
        AtomicFiles.write(file, state.toBytes());
    }

    public Path file() {
        return file;
    }
}
