package dev.palisade.support;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * {@code palisade-agent} in a process of its own, as a device runs it: the test's class path without netty-tcnative,
 * as the launcher script's is.
 */
public final class AgentProcess {

    private AgentProcess() {}

    /** What a finished run printed (standard output and error together) and its exit code. */
    public record Run(int exitCode, String output) {}

    /** Runs {@code palisade-agent <arguments>} to its end (at most two minutes, so that a hang fails the test). */
    public static Run run(List<String> arguments) throws Exception {
        String classPath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> !Path.of(entry).getFileName().toString().startsWith("netty-tcnative"))
                .collect(Collectors.joining(File.pathSeparator));
        List<String> line = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                classPath,
                "dev.palisade.agent.cli.AgentMain"));
        line.addAll(arguments);
        Path output = Files.createTempFile("palisade-agent", ".out");
        try {
            Process process = new ProcessBuilder(line)
                    .redirectErrorStream(true)
                    .redirectOutput(output.toFile())
                    .start();
            process.getOutputStream().close();
            if (!process.waitFor(2, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new AssertionError("palisade-agent " + arguments + " did not finish: "
                        + Files.readString(output, StandardCharsets.UTF_8));
            }
            return new Run(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(output);
        }
    }
}
