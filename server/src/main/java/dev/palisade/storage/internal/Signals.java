package dev.palisade.storage.internal;

import dev.palisade.storage.EmbeddedPostgresException;
import java.io.IOException;
import java.util.concurrent.TimeUnit;

/**
 * Sends POSIX signals. The JDK only sends SIGTERM and SIGKILL, but PostgreSQL's shutdown modes are chosen by signal:
 * SIGTERM is a "smart" shutdown that waits for every client to disconnect, SIGINT a "fast" one that rolls back open
 * transactions and checkpoints, SIGQUIT an "immediate" one that relies on crash recovery at the next start.
 */
public final class Signals {

    private Signals() {}

    /** Sends {@code signal} (a name such as {@code INT}) to {@code pid}; true when {@code kill} accepted it. */
    public static boolean send(long pid, String signal) {
        ProcessBuilder kill = new ProcessBuilder("kill", "-s", signal, Long.toString(pid))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        try {
            Process process = kill.start();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return false;
            }
            return process.exitValue() == 0;
        } catch (IOException e) {
            throw new EmbeddedPostgresException("cannot run 'kill' to signal PostgreSQL (pid " + pid + ")", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
