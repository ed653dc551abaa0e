package dev.palisade.storage;

import dev.palisade.storage.internal.ProcessLiveness;
import java.nio.file.Path;
import java.util.List;

/** Finds processes running the PostgreSQL binaries unpacked below a directory: the postmaster and its children. */
final class PostgresProcesses {

    private PostgresProcesses() {}

    /** Every live process whose executable lies below {@code postgresDir}. */
    static List<ProcessHandle> runningFrom(Path postgresDir) {
        String prefix = postgresDir.toAbsolutePath().normalize() + "/";
        return ProcessHandle.allProcesses()
                // Not ProcessHandle::isAlive: an orphan's zombie may never be reaped by a container's PID 1.
                .filter(process -> ProcessLiveness.isRunning(process.pid()))
                .filter(process -> process.info()
                        .command()
                        .map(command -> command.startsWith(prefix))
                        .orElse(false))
                .toList();
    }

    /**
     * The pids of the postmasters among them: those whose parent is not itself a PostgreSQL process. A backend that
     * exits while it is being looked at loses its parent link; it is no postmaster, so a missing parent excludes.
     */
    static List<Long> postmastersFrom(Path postgresDir) {
        List<ProcessHandle> all = runningFrom(postgresDir);
        List<Long> pids = all.stream().map(ProcessHandle::pid).toList();
        return all.stream()
                .filter(process -> process.parent()
                        .map(parent -> !pids.contains(parent.pid()))
                        .orElse(false))
                .filter(process -> ProcessLiveness.isRunning(process.pid()))
                .map(ProcessHandle::pid)
                .toList();
    }
}
