package dev.palisade.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine;

/**
 * The offline-root ceremony as an operator runs it for a CA rotation, {@code palisade ca sign-intermediate}, against
 * a root kept where the automatic ceremony keeps it ({@code <data-dir>/offline-root}: {@code root.p12}, {@code
 * root.password}, {@code root-certificate.pem}), or another directory laid out the same way.
 */
final class OfflineRootSigner {

    private final Path directory;

    OfflineRootSigner(Path directory) {
        this.directory = directory;
    }

    /** Whether the directory holds a root this signer can use. */
    boolean present() {
        return Files.isRegularFile(keystore()) && Files.isRegularFile(certificate());
    }

    Path directory() {
        return directory;
    }

    /** Signs an issuing CA's request (PEM) for {@code days}; returns the certificate (PEM). */
    String sign(String csrPem, int days) throws IOException {
        Path work = Files.createTempDirectory("palisade-rotation");
        try {
            Path csr = Files.writeString(work.resolve("issuing.csr"), csrPem, StandardCharsets.US_ASCII);
            Path out = work.resolve("issuing.pem");
            var err = new StringWriter();
            CommandLine command = PalisadeMain.commandLine();
            command.setOut(new PrintWriter(new StringWriter()));
            command.setErr(new PrintWriter(err));
            int exitCode = command.execute(
                    "ca",
                    "sign-intermediate",
                    "--keystore",
                    keystore().toString(),
                    "--passphrase-file",
                    directory.resolve("root.password").toString(),
                    "--root-certificate",
                    certificate().toString(),
                    "--csr",
                    csr.toString(),
                    "--out",
                    out.toString(),
                    "--days",
                    Integer.toString(days));
            if (exitCode != 0) {
                throw new IllegalStateException("the offline root in " + directory + " did not sign the new CA: "
                        + err.toString().strip());
            }
            return Files.readString(out, StandardCharsets.US_ASCII);
        } finally {
            try (var files = Files.list(work)) {
                for (Path file : files.toList()) {
                    Files.deleteIfExists(file);
                }
            }
            Files.deleteIfExists(work);
        }
    }

    private Path keystore() {
        return directory.resolve("root.p12");
    }

    private Path certificate() {
        return directory.resolve("root-certificate.pem");
    }
}
