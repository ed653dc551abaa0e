package dev.palisade.storage.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What {@code <pgdata>/postmaster.pid} says about the postmaster that wrote it. PostgreSQL writes the lines in order
 * (pid, data directory, start time, port, socket directory, listen address, shared memory key, status) and fills the
 * later ones in as start-up proceeds.
 *
 * @param pid the postmaster's process id
 * @param dataDirectory the data directory as the postmaster saw it (absolute)
 * @param port the TCP port it listens on
 * @param status {@code starting}, {@code ready}, {@code stopping} or {@code standby}; empty while not yet written
 */
public record PostmasterPidFile(long pid, Path dataDirectory, int port, String status) {

    public static final String NAME = "postmaster.pid";

    public PostmasterPidFile {
        if (pid <= 0) {
            throw new IllegalArgumentException("pid must be positive: " + pid);
        }
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
    }

    /** Reads the pid file of {@code pgdata}; empty when there is none or it is still too short to name a port. */
    public static Optional<PostmasterPidFile> read(Path pgdata) throws IOException {
        List<String> lines;
        try {
            lines = Files.readAllLines(pgdata.resolve(NAME), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        if (lines.size() < 4) {
            return Optional.empty();
        }
        try {
            String status = lines.size() > 7 ? lines.get(7).strip() : "";
            return Optional.of(new PostmasterPidFile(
                    Long.parseLong(lines.get(0).strip()),
                    Path.of(lines.get(1).strip()),
                    Integer.parseInt(lines.get(3).strip()),
                    status));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /**
     * The postmaster serving {@code pgdata}, if one is running: the pid file names a live process, that process is a
     * {@code postgres} executable, and the file names this data directory. The checks guard against a stale file whose
     * pid now belongs to some other process.
     */
    public static Optional<PostmasterPidFile> findRunning(Path pgdata) throws IOException {
        return read(pgdata).filter(pidFile -> pidFile.describesRunningPostmasterOf(pgdata));
    }

    private boolean describesRunningPostmasterOf(Path pgdata) {
        if (!ProcessLiveness.isRunning(pid) || !sameDirectory(dataDirectory, pgdata)) {
            return false;
        }
        Optional<String> command =
                ProcessHandle.of(pid).flatMap(handle -> handle.info().command());
        return command.map(path -> path.endsWith("/postgres")).orElse(true);
    }

    private static boolean sameDirectory(Path a, Path b) {
        try {
            return Files.isSameFile(a, b);
        } catch (IOException e) {
            return a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize());
        }
    }
}
