package dev.palisade.support;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * {@code palisade-agent} in a process of its own, as a device runs it: its output is read as it comes, so a test can
 * act on a line (a renewal, a state change) while the agent runs, and then wait for its exit code. The class path is
 * the test's without netty-tcnative, as the launcher script's is.
 */
public final class AgentProcess implements AutoCloseable {

    /** How long any one wait lasts before the test fails rather than hangs. */
    private static final Duration PATIENCE = Duration.ofMinutes(3);

    private final Process process;
    private final List<String> lines = new ArrayList<>();
    private final Thread reader;

    private AgentProcess(Process process) {
        this.process = process;
        this.reader = Thread.ofVirtual().name("agent-output").start(this::read);
    }

    /** Starts {@code palisade-agent <arguments>}. */
    public static AgentProcess start(List<String> arguments) throws IOException {
        String classPath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> !Path.of(entry).getFileName().toString().startsWith("netty-tcnative"))
                .collect(Collectors.joining(File.pathSeparator));
        List<String> line = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                classPath,
                "dev.palisade.agent.cli.AgentMain"));
        line.addAll(arguments);
        return new AgentProcess(
                new ProcessBuilder(line).redirectErrorStream(true).start());
    }

    /** Runs {@code palisade-agent <arguments>} to its end. */
    public static Finished run(List<String> arguments) throws Exception {
        return start(arguments).finish();
    }

    /** The exit code and everything the agent printed. */
    public record Finished(int exitCode, String output) {}

    /** Waits for the first line, from the start, that {@code wanted} accepts; fails if the agent ends first. */
    public String awaitLine(Predicate<String> wanted) throws InterruptedException {
        return awaitLineAfter(line -> true, wanted);
    }

    /**
     * Waits for the first line that {@code wanted} accepts among those printed after the first line {@code after}
     * accepts (that line included); fails if the agent ends first.
     */
    public String awaitLineAfter(Predicate<String> after, Predicate<String> wanted) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        synchronized (lines) {
            while (true) {
                boolean reached = false;
                for (String line : lines) {
                    reached = reached || after.test(line);
                    if (reached && wanted.test(line)) {
                        return line;
                    }
                }
                long left = deadline - System.nanoTime();
                if (!reader.isAlive() || left <= 0) {
                    throw new AssertionError("palisade-agent did not print the line awaited:\n" + output());
                }
                lines.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
            }
        }
    }

    /** Waits for the agent to end. */
    public Finished finish() throws InterruptedException {
        if (!process.waitFor(PATIENCE.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("palisade-agent did not finish:\n" + output());
        }
        reader.join(PATIENCE);
        return new Finished(process.exitValue(), output());
    }

    /** Ends the agent at once, as a power cut would, and waits until it is gone. */
    public void kill() throws InterruptedException {
        process.destroyForcibly().waitFor(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The options that name a server's endpoints to the agent: host, EST and MQTT ports, and the root to trust. */
    public static List<String> endpoint(int estPort, int mqttPort, Path rootPem) {
        return List.of(
                "--host",
                "localhost",
                "--est-port",
                String.valueOf(estPort),
                "--mqtt-port",
                String.valueOf(mqttPort),
                "--root",
                rootPem.toString());
    }

    /** Kills the agent if it still runs, so that a failed test leaves no process behind. */
    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }

    public String output() {
        synchronized (lines) {
            return String.join("\n", lines) + "\n";
        }
    }

    private void read() {
        try (var output = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = output.readLine(); line != null; line = output.readLine()) {
                synchronized (lines) {
                    lines.add(line);
                    lines.notifyAll();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            synchronized (lines) {
                lines.notifyAll();
            }
        }
    }
}
