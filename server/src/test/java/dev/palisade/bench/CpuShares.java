package dev.palisade.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntConsumer;

/**
 * Who spent the CPU during a measurement when the load generator shares the machine with the server: the load
 * generator's threads account for their own CPU time task by task; the rest of this JVM, plus the embedded PostgreSQL
 * (the postmaster and every process it started), is the server's. On two shared cores, the server's CPU time per
 * operation says what it would sustain with its devices elsewhere, which a rate measured next to the load generator
 * cannot. The JIT compiler's threads are counted apart: a server that has run for a while has compiled its paths,
 * while a benchmark of a minute or two is still compiling them while it measures.
 */
final class CpuShares {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final long postmaster;
    private final LongAdder clientNanos = new LongAdder();
    private long jvmAtStart;
    private long databaseAtStart;
    private long compilerAtStart;

    CpuShares(long postmaster) {
        this.postmaster = postmaster;
    }

    /** {@code task}, with the CPU time each call spends on the caller's thread counted as the load generator's. */
    IntConsumer client(IntConsumer task) {
        return i -> {
            long before = THREADS.getCurrentThreadCpuTime();
            try {
                task.accept(i);
            } finally {
                clientNanos.add(THREADS.getCurrentThreadCpuTime() - before);
            }
        };
    }

    void start() throws IOException {
        clientNanos.reset();
        jvmAtStart = ProcessStats.ownCpuNanos();
        databaseAtStart = databaseNanos();
        compilerAtStart = compilerNanos();
    }

    /** The CPU time spent since {@link #start}, in nanoseconds. */
    Spent stop() throws IOException {
        long jvm = ProcessStats.ownCpuNanos() - jvmAtStart;
        long database = databaseNanos() - databaseAtStart;
        long client = clientNanos.sum();
        long compiler = compilerNanos() - compilerAtStart;
        return new Spent(jvm - client - compiler, database, client, compiler);
    }

    /** CPU time of the server's JVM threads (the JIT compiler's apart), of PostgreSQL, and of the load generator. */
    record Spent(long serverJvmNanos, long databaseNanos, long clientNanos, long compilerNanos) {

        long serverNanos() {
            return serverJvmNanos + databaseNanos;
        }
    }

    /** CPU time of this JVM's JIT compiler threads (HotSpot names them "C1 CompilerThread<n>" and "C2 …"). */
    private static long compilerNanos() throws IOException {
        long total = 0;
        try (DirectoryStream<Path> threads = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
            for (Path thread : threads) {
                try {
                    String stat = Files.readString(thread.resolve("stat"), StandardCharsets.US_ASCII);
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    if (name.startsWith("C1 Compiler") || name.startsWith("C2 Compiler")) {
                        total += ProcessStats.cpuNanos(stat);
                    }
                } catch (NoSuchFileException ended) {
                    // a compiler thread that ended between the listing and the read
                }
            }
        }
        return total;
    }

    /** The postmaster's CPU time and its children's, those that are alive now. */
    private long databaseNanos() throws IOException {
        long total = ProcessStats.cpuNanos(postmaster);
        try (DirectoryStream<Path> processes = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path process : processes) {
                try {
                    String stat = Files.readString(process.resolve("stat"), StandardCharsets.US_ASCII);
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    if (Long.parseLong(fields[1]) == postmaster) {
                        total += ProcessStats.cpuNanos(
                                Long.parseLong(process.getFileName().toString()));
                    }
                } catch (NoSuchFileException ended) {
                    // a process that ended between the listing and the read
                }
            }
        }
        return total;
    }
}
