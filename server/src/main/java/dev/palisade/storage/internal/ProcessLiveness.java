package dev.palisade.storage.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Whether a process is really running, judged from {@code /proc}.
 *
 * <p>{@link ProcessHandle#isAlive()} counts a zombie as alive. An orphaned postmaster that exits is reparented to
 * PID 1, and in a container PID 1 may never reap it, so a stopped postmaster could look alive forever.
 */
public final class ProcessLiveness {

    private ProcessLiveness() {}

    /** True when {@code pid} names a process that exists and has not exited (zombies count as exited). */
    public static boolean isRunning(long pid) {
        if (pid <= 0) {
            return false;
        }
        String stat;
        try {
            // ISO-8859-1: the command name in parentheses may hold any bytes.
            stat = new String(
                    Files.readAllBytes(Path.of("/proc", Long.toString(pid), "stat")), StandardCharsets.ISO_8859_1);
        } catch (NoSuchFileException e) {
            return false;
        } catch (IOException e) {
            return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
        }
        // "pid (comm) S ...": the state follows the last closing parenthesis.
        int end = stat.lastIndexOf(')');
        if (end < 0 || end + 2 >= stat.length()) {
            return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
        }
        char state = stat.charAt(end + 2);
        return state != 'Z' && state != 'X' && state != 'x';
    }

    /** True when the current process runs with effective user id 0. */
    public static boolean currentUserIsRoot() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"), StandardCharsets.ISO_8859_1)) {
                if (line.startsWith("Uid:")) {
                    // real, effective, saved, filesystem
                    String[] ids = line.substring(4).trim().split("\\s+");
                    return ids.length > 1 && ids[1].equals("0");
                }
            }
        } catch (IOException e) {
            // fall through: without /proc, trust the user name
        }
        return "root".equals(System.getProperty("user.name"));
    }
}
