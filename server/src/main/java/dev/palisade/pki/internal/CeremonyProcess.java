package dev.palisade.pki.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a {@code palisade ca …} ceremony command in a separate JVM, so that the offline root's private key is only
 * ever loaded by that short-lived process and never by the server. The command line is the one the server itself was
 * started with: the same Java, the same binary.
 */
final class CeremonyProcess {

    /** The command-line entry point, named rather than referenced: the server does not depend on its CLI. */
    private static final String MAIN_CLASS = "dev.palisade.cli.PalisadeMain";

    private static final Duration TIMEOUT = Duration.ofMinutes(2);

    private CeremonyProcess() {}

    /** Runs {@code palisade <arguments>} and returns its output; fails with the output if it exits non-zero. */
    static String run(List<String> arguments) {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        // a short-lived JVM: start fast rather than optimise
        command.add("-XX:TieredStopAtLevel=1");
        String classPath = System.getProperty("java.class.path", "");
        if (classPath.endsWith(".jar") && !classPath.contains(java.io.File.pathSeparator)) {
            command.addAll(List.of("-jar", classPath));
        } else {
            command.addAll(List.of("-cp", classPath, MAIN_CLASS));
        }
        command.addAll(arguments);
        try {
            Path output = Files.createTempFile("palisade-ceremony", ".log");
            try {
                Process process = new ProcessBuilder(command)
                        .redirectErrorStream(true)
                        .redirectOutput(output.toFile())
                        .start();
                if (!process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    throw new IllegalStateException("the CA ceremony did not finish within " + TIMEOUT);
                }
                String log = Files.readString(output, StandardCharsets.UTF_8);
                if (process.exitValue() != 0) {
                    throw new IllegalStateException(
                            "the CA ceremony failed (exit " + process.exitValue() + "): " + log.strip());
                }
                return log;
            } finally {
                Files.deleteIfExists(output);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run the CA ceremony: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during the CA ceremony", e);
        }
    }
}
