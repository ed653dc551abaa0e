package dev.palisade.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The real {@code palisade} binary (the packaged jar) in a separate process, as an operator runs it; for tests that
 * kill it, restart it, or measure it.
 */
public final class ServerProcess implements AutoCloseable {

    private final Path dataDir;
    private final Ports ports;
    private final Map<String, String> environment;
    private final Path log;
    private Process process;

    private ServerProcess(Path dataDir, Ports ports, Map<String, String> environment, Path log, Process process) {
        this.dataDir = dataDir;
        this.ports = ports;
        this.environment = environment;
        this.log = log;
        this.process = process;
    }

    /** The packaged binary; failsafe runs after {@code package}, so it exists. */
    public static Path jar() {
        String configured = System.getProperty("palisade.test.jar");
        Path jar = Path.of(configured != null ? configured : "target/palisade.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException("no packaged binary at " + jar + "; run through Maven's verify phase");
        }
        return jar;
    }

    /** Runs {@code palisade} with {@code args} to completion and returns its exit code and output. */
    public static Completed run(Duration timeout, String... args) throws IOException, InterruptedException {
        return run(timeout, Map.of(), args);
    }

    /** {@link #run(Duration, String...)} with {@code environment} added to this JVM's. */
    public static Completed run(Duration timeout, Map<String, String> environment, String... args)
            throws IOException, InterruptedException {
        Path output = Files.createTempFile("palisade-cli", ".log");
        try {
            var builder = new ProcessBuilder(command(args)).redirectErrorStream(true);
            builder.environment().putAll(environment);
            Process process = builder.redirectOutput(output.toFile()).start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("palisade " + String.join(" ", args) + " did not finish");
            }
            return new Completed(process.exitValue(), Files.readString(output));
        } finally {
            Files.deleteIfExists(output);
        }
    }

    public static ServerProcess start(Path dataDir) throws IOException {
        return start(dataDir, Map.of());
    }

    /**
     * Starts the server with {@code environment} added to this JVM's: settings that {@code palisade serve} has no
     * option for ({@code PALISADE_KEYS_BACKEND} …) come from the environment, as in an operator's unit file.
     */
    public static ServerProcess start(Path dataDir, Map<String, String> environment) throws IOException {
        return start(dataDir, new Ports(freePort(), freePort(), freePort(), freePort()), Map.copyOf(environment));
    }

    private static ServerProcess start(Path dataDir, Ports ports, Map<String, String> environment) throws IOException {
        Files.createDirectories(dataDir);
        Path log = dataDir.resolveSibling(dataDir.getFileName() + "-server.log");
        var builder = new ProcessBuilder(command(serveArguments(dataDir, ports)))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(environment);
        return new ServerProcess(dataDir, ports, environment, log, builder.start());
    }

    /**
     * The arguments of {@code palisade serve} on {@code dataDir} with free ports, for a start that is expected to
     * fail and so runs with {@link #run(Duration, Map, String...)}.
     */
    public static String[] serveArguments(Path dataDir) {
        return serveArguments(dataDir, new Ports(freePort(), freePort(), freePort(), freePort()));
    }

    /** All its ports, so that a server started here never meets another test's server on a default port. */
    private static String[] serveArguments(Path dataDir, Ports ports) {
        return new String[] {
            "serve",
            "--data-dir",
            dataDir.toString(),
            "--api-port",
            Integer.toString(ports.api()),
            "--device-port",
            Integer.toString(ports.device()),
            "--http-port",
            Integer.toString(ports.http()),
            "--mqtt-port",
            Integer.toString(ports.mqtt()),
            "--bind",
            "127.0.0.1"
        };
    }

    /** Waits until the API answers, failing with the server's output if it does not within {@code timeout}. */
    public ServerProcess awaitReady(Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("server exited with " + process.exitValue() + ":\n" + output());
            }
            if (Files.exists(dataDir.resolve("api-url")) && answers()) {
                return this;
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("server not ready in " + timeout + ":\n" + output());
    }

    public TestApi api() {
        return new TestApi("https://localhost:" + ports.api(), dataDir.resolve("tls/api-certificate.pem"));
    }

    public long pid() {
        return process.pid();
    }

    public String output() throws IOException {
        return Files.exists(log) ? Files.readString(log) : "";
    }

    /** Kills the server with SIGKILL, as a crash or an OOM killer would: no shutdown hook runs. */
    public void killHard() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** Starts the server again on the same data directory and ports, with the same environment. */
    public ServerProcess restart() throws IOException {
        process = start(dataDir, ports, environment).process;
        return this;
    }

    /** Stops the server as Ctrl-C would, and waits for it to exit. */
    public int stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("server did not stop within 60 s");
        }
        return process.exitValue();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            stop();
        }
    }

    private boolean answers() {
        try {
            return api().get("/api/v1/openapi.json", null).status() == 200;
        } catch (RuntimeException notYet) {
            return false;
        }
    }

    private static List<String> command(String... args) {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.add("-jar");
        command.add(jar().toString());
        command.addAll(List.of(args));
        return command;
    }

    private static int freePort() {
        return FreePorts.next();
    }

    /** A finished CLI run. */
    public record Completed(int exitCode, String output) {}

    private record Ports(int api, int device, int http, int mqtt) {}
}
