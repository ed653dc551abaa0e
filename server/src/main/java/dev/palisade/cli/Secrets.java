package dev.palisade.cli;

import dev.palisade.shared.SecretFiles;
import java.io.PrintWriter;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/** Hands a new secret to the user once: into an owner-only file, or printed with a warning. */
final class Secrets {

    private Secrets() {}

    static void show(PrintWriter out, String what, String secret, @Nullable Path file) {
        if (secret.isEmpty()) {
            out.println(what + ": not shown again (this was a repeated request)");
        } else if (file != null) {
            SecretFiles.writeString(file, secret + "\n");
            out.println(what + " written to " + file.toAbsolutePath() + " (mode 0600)");
        } else {
            out.println(what + " (shown once, store it now):");
            out.println(secret);
        }
        out.flush();
    }
}
