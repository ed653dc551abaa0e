package dev.palisade.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What another process on this machine costs: its CPU time, resident memory and open files from {@code /proc}, and a
 * JVM's heap after a full collection through {@code jcmd}. On a shared machine a rate alone says little; CPU time
 * spent per operation does not depend on who else ran meanwhile.
 */
@SuppressForbidden("reads this process's CPU time through com.sun.management, the JDK's supported extension")
final class ProcessStats {

    /** Clock ticks per second of {@code /proc/<pid>/stat}: 100 on Linux on x86-64 and arm64. */
    private static final long TICKS_PER_SECOND = 100;

    private static final Pattern HEAP_USED = Pattern.compile("used (\\d+)K");

    private ProcessStats() {}

    /** User and system CPU time of process {@code pid} so far, all its threads, in nanoseconds. */
    static long cpuNanos(long pid) throws IOException {
        return cpuNanos(Files.readString(Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.US_ASCII));
    }

    /** User and system CPU time in a {@code /proc/<pid>/stat} or {@code /proc/<pid>/task/<tid>/stat} line. */
    static long cpuNanos(String stat) {
        // the command name in parentheses may hold spaces: count fields from the closing one
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        return TimeUnit.SECONDS.toNanos(ticks) / TICKS_PER_SECOND;
    }

    /** CPU time of this process, all its threads, in nanoseconds. */
    static long ownCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /** Resident memory of process {@code pid}, in KiB. */
    static long residentKiB(long pid) throws IOException {
        return statusField(pid, "VmRSS:");
    }

    /** How many files process {@code pid} has open, and how many it may. */
    static long[] openFiles(long pid) throws IOException {
        long open;
        try (Stream<Path> files = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
            open = files.count();
        }
        List<String> limits = Files.readAllLines(Path.of("/proc", Long.toString(pid), "limits"));
        long limit = limits.stream()
                .filter(line -> line.startsWith("Max open files"))
                .map(line -> Long.parseLong(
                        line.substring("Max open files".length()).trim().split("\\s+")[0]))
                .findFirst()
                .orElseThrow();
        return new long[] {open, limit};
    }

    /** The Java heap in use in JVM {@code pid} right after a full collection, in KiB. */
    static long heapAfterFullGcKiB(long pid) throws IOException, InterruptedException {
        jcmd(pid, "GC.run");
        String info = jcmd(pid, "GC.heap_info");
        Matcher used = HEAP_USED.matcher(info);
        if (!used.find()) {
            throw new IOException("no heap figure in jcmd's answer: " + info);
        }
        return Long.parseLong(used.group(1));
    }

    private static String jcmd(long pid, String command) throws IOException, InterruptedException {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        Process process = new ProcessBuilder(jcmd.toString(), Long.toString(pid), command)
                .redirectErrorStream(true)
                .start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IOException("jcmd " + command + " failed: " + output);
        }
        return output;
    }

    private static long statusField(long pid, String name) throws IOException {
        return Files.readAllLines(Path.of("/proc", Long.toString(pid), "status")).stream()
                .filter(line -> line.startsWith(name))
                .map(line -> Long.parseLong(line.substring(name.length()).trim().split("\\s+")[0]))
                .findFirst()
                .orElseThrow(() -> new IOException("no " + name + " for process " + pid));
    }
}
