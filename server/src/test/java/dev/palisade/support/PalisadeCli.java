package dev.palisade.support;

import dev.palisade.cli.PalisadeMain;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;

/**
 * The {@code palisade} command line run in-process against the test server, as an operator holding a token file:
 * the real commands, their output and exit codes.
 */
public final class PalisadeCli {

    /** What a command printed and how it ended (0 done, 2 refused, 3 not authenticated). */
    public record Run(int exitCode, String out, String err) {}

    private final Path dataDir;
    private final int port;
    private final Path tokenFile;

    public PalisadeCli(Path dataDir, int port, Path tokenFile) {
        this.dataDir = dataDir;
        this.port = port;
        this.tokenFile = tokenFile;
    }

    public Run run(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of(
                "--token-file",
                tokenFile.toString(),
                "--data-dir",
                dataDir.toString(),
                "--server",
                "https://localhost:" + port));
        var out = new StringWriter();
        var err = new StringWriter();
        CommandLine command = PalisadeMain.commandLine();
        command.setOut(new PrintWriter(out));
        command.setErr(new PrintWriter(err));
        int exitCode = command.execute(all.toArray(String[]::new));
        return new Run(exitCode, out.toString(), err.toString());
    }
}
