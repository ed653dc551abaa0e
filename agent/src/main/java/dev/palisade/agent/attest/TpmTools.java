package dev.palisade.agent.attest;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * Runs tpm2-tools as subprocesses against one TPM, chosen by its TCTI ({@code device:/dev/tpmrm0}, {@code tabrmd},
 * {@code swtpm:host=127.0.0.1,port=2321} ...), in one working directory.
 *
 * <p>A tool's standard output is discarded: {@code tpm2_activatecredential} prints the recovered secret there, and
 * every result this agent uses is written to a file. Its standard error goes to a file as well (a pipe nobody reads
 * can stall a tool), and its last lines become the message when the tool fails. After every command the transient
 * objects are flushed: without a resource manager (a bare {@code /dev/tpm0}, swtpm) nothing else would, and a TPM holds
 * only a few; saved contexts in the working directory load them again for the next command.
 */
public final class TpmTools {

    /** The environment variable tpm2-tools read their TCTI from; its value is also this agent's default. */
    public static final String TCTI_VARIABLE = "TPM2TOOLS_TCTI";

    /** The kernel's resource manager: what a Linux device with a TPM 2.0 has. */
    public static final String DEFAULT_TCTI = "device:/dev/tpmrm0";

    /** Every tool the agent runs; all must be there before it changes anything in the TPM. */
    static final List<String> TOOLS = List.of(
            "tpm2_createek",
            "tpm2_createak",
            "tpm2_load",
            "tpm2_readpublic",
            "tpm2_startauthsession",
            "tpm2_policysecret",
            "tpm2_activatecredential",
            "tpm2_quote",
            "tpm2_pcrread",
            "tpm2_flushcontext");

    private static final int MESSAGE_LIMIT = 800;

    private final String tcti;
    private final Path workDirectory;
    private final Map<String, Path> executables;
    private final Duration timeout;

    private TpmTools(String tcti, Path workDirectory, Map<String, Path> executables, Duration timeout) {
        this.tcti = tcti;
        this.workDirectory = workDirectory;
        this.executables = executables;
        this.timeout = timeout;
    }

    /**
     * Finds every tool the agent needs, in {@code toolsDirectory} or else on the {@code PATH}.
     *
     * @param tcti the TCTI to run the tools with (see {@link #tcti(String, Map)})
     * @param timeout the longest one command may take (a real TPM makes an RSA key in seconds, a slow one in a minute)
     * @throws TpmException naming the first tool that is missing
     */
    public static TpmTools locate(String tcti, Path workDirectory, @Nullable Path toolsDirectory, Duration timeout)
            throws TpmException {
        checkTcti(tcti);
        Map<String, Path> executables = new HashMap<>();
        List<Path> searched = toolsDirectory != null ? List.of(toolsDirectory) : pathDirectories();
        for (String tool : TOOLS) {
            Optional<Path> found = searched.stream()
                    .map(directory -> directory.resolve(tool))
                    .filter(Files::isExecutable)
                    .findFirst();
            if (found.isEmpty()) {
                throw new TpmException("tpm2-tools are not installed: no " + tool + " in "
                        + (toolsDirectory != null ? toolsDirectory.toString() : "the PATH")
                        + " (on Debian or Ubuntu: apt-get install tpm2-tools)");
            }
            executables.put(tool, found.get());
        }
        return new TpmTools(tcti, workDirectory, Map.copyOf(executables), timeout);
    }

    /**
     * The TCTI to use: the one given, else the environment's {@value #TCTI_VARIABLE}, else {@value #DEFAULT_TCTI}.
     */
    public static String tcti(@Nullable String given, Map<String, String> environment) {
        if (given != null && !given.isBlank()) {
            return given;
        }
        String fromEnvironment = environment.get(TCTI_VARIABLE);
        return fromEnvironment != null && !fromEnvironment.isBlank() ? fromEnvironment : DEFAULT_TCTI;
    }

    public String tcti() {
        return tcti;
    }

    public Path workDirectory() {
        return workDirectory;
    }

    /**
     * Runs {@code command} in the working directory, then flushes the transient objects.
     *
     * @throws TpmException when the tool fails or takes too long; the message carries what it said on its error output
     */
    public void run(TpmCommand command) throws TpmException {
        exec(command);
        exec(TpmCommands.flushTransient());
    }

    /** Runs {@code command} once, without flushing anything after it (flushing itself, a session's end). */
    void exec(TpmCommand command) throws TpmException {
        String tool = command.tool();
        Path executable = executables.get(tool);
        if (executable == null) {
            throw new IllegalArgumentException("not a tool this agent runs: " + tool);
        }
        List<String> line = new ArrayList<>();
        line.add(executable.toString());
        line.addAll(command.arguments());
        Path errors = workDirectory.resolve(tool + ".err");
        var builder = new ProcessBuilder(line)
                .directory(workDirectory.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(errors.toFile());
        builder.environment().put(TCTI_VARIABLE, tcti);
        try {
            Process process = builder.start();
            boolean finished;
            try {
                finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
                throw new TpmException(tool + " was interrupted", e);
            }
            if (!finished) {
                process.destroyForcibly();
                throw new TpmException(tool + " did not finish within " + timeout + " (TCTI " + tcti + ")");
            }
            if (process.exitValue() != 0) {
                throw new TpmException(tool + " failed (exit " + process.exitValue() + ", TCTI " + tcti + "): "
                        + lastLines(Files.readString(errors, StandardCharsets.UTF_8)));
            }
        } catch (IOException e) {
            throw new TpmException("cannot run " + tool + ": " + e.getMessage(), e);
        } finally {
            try {
                Files.deleteIfExists(errors);
            } catch (IOException ignored) {
                // a leftover error file is harmless; the next run of the tool replaces it
            }
        }
    }

    /** The end of a tool's error output, on one line: where tpm2-tools say what failed. */
    static String lastLines(String errors) {
        List<String> lines = Arrays.stream(errors.split("\\R"))
                .map(String::strip)
                .filter(line -> !line.isEmpty())
                .toList();
        if (lines.isEmpty()) {
            return "no message";
        }
        String joined = String.join(" | ", lines.subList(Math.max(0, lines.size() - 4), lines.size()));
        return joined.length() <= MESSAGE_LIMIT ? joined : "..." + joined.substring(joined.length() - MESSAGE_LIMIT);
    }

    private static void checkTcti(String tcti) {
        if (!tcti.matches("[A-Za-z0-9_-]+(:[\\x21-\\x7e]*)?") || tcti.length() > 256) {
            throw new IllegalArgumentException(
                    "not a TCTI: '" + tcti + "' (for example device:/dev/tpmrm0, tabrmd, swtpm:port=2321)");
        }
    }

    private static List<Path> pathDirectories() {
        String path = System.getenv("PATH");
        if (path == null) {
            return List.of();
        }
        return Arrays.stream(path.split(File.pathSeparator))
                .filter(entry -> !entry.isEmpty())
                .map(Path::of)
                .toList();
    }
}
