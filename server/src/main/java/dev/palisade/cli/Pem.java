package dev.palisade.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;

/** Hands PEM text to the user: into a file, or onto the output. */
final class Pem {

    private Pem() {}

    static void emit(CommandLine.Model.CommandSpec spec, String pem, @Nullable Path out) throws IOException {
        if (out == null) {
            spec.commandLine().getOut().print(pem);
        } else {
            Files.writeString(out, pem, StandardCharsets.US_ASCII);
            spec.commandLine().getOut().println("Written to " + out.toAbsolutePath());
        }
        spec.commandLine().getOut().flush();
    }
}
