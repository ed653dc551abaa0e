package dev.palisade.storage.internal;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Runs a short-lived command to completion. */
public final class Commands {

    /** {@code /dev/null}, for children that must not inherit a pipe the JVM may close by dying. */
    static final File DEV_NULL = new File("/dev/null");

    private Commands() {}

    /**
     * What a finished command returned.
     *
     * @param exitCode its exit status
     * @param output its standard output, or its combined output when the builder merged the streams; empty when the
     *     builder redirected them elsewhere
     */
    public record Result(int exitCode, String output) {

        public boolean succeeded() {
            return exitCode == 0;
        }
    }

    /** Starts {@code command}, waits up to {@code timeout} and kills it when it takes longer. */
    public static Result run(ProcessBuilder command, Duration timeout) throws IOException {
        return run(command, DEV_NULL, timeout);
    }

    /** As {@link #run(ProcessBuilder, Duration)}, with the command reading {@code input} on its standard input. */
    public static Result run(ProcessBuilder command, File input, Duration timeout) throws IOException {
        Process process =
                command.redirectInput(ProcessBuilder.Redirect.from(input)).start();
        process.getOutputStream().close();
        // Read on another thread: a child blocked on a full pipe would never exit.
        FutureTask<String> output = new FutureTask<>(() -> readAll(process.getInputStream()));
        Thread.ofVirtual().name("output-of-" + process.pid()).start(output);
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new IOException("'" + String.join(" ", command.command()) + "' did not finish within " + timeout);
            }
            return new Result(process.exitValue(), output.get(10, TimeUnit.SECONDS));
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException(
                    "interrupted while waiting for " + command.command().getFirst(), e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IOException(
                    "cannot read the output of " + command.command().getFirst(), e);
        }
    }

    private static String readAll(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}
