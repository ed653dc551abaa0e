package dev.palisade.support;

import dev.palisade.cli.PalisadeMain;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine;

/**
 * The offline-root ceremony an operator runs for a manual CA rotation: {@code palisade ca sign-intermediate}, run
 * in-process with the real command line against the test server's offline root ({@code offline-root/} in its data
 * directory, where the automatic ceremony keeps it).
 */
public final class RootCeremony {

    private final Path rootDirectory;
    private final Path workDirectory;

    public RootCeremony(Path dataDir, Path workDirectory) {
        this.rootDirectory = dataDir.resolve("offline-root");
        this.workDirectory = workDirectory;
    }

    /** Signs an issuing CA's request (PEM) with the root and returns the certificate (PEM). */
    public String signIntermediate(String csrPem) {
        try {
            Path csr = Files.createTempFile(workDirectory, "issuing", ".csr");
            Path out = csr.resolveSibling(csr.getFileName() + ".pem");
            Files.writeString(csr, csrPem, StandardCharsets.US_ASCII);
            var err = new StringWriter();
            CommandLine command = PalisadeMain.commandLine();
            command.setOut(new PrintWriter(new StringWriter()));
            command.setErr(new PrintWriter(err));
            int exitCode = command.execute(
                    "ca",
                    "sign-intermediate",
                    "--keystore",
                    rootDirectory.resolve("root.p12").toString(),
                    "--passphrase-file",
                    rootDirectory.resolve("root.password").toString(),
                    "--root-certificate",
                    rootDirectory.resolve("root-certificate.pem").toString(),
                    "--csr",
                    csr.toString(),
                    "--out",
                    out.toString(),
                    "--days",
                    "365");
            if (exitCode != 0) {
                throw new IllegalStateException("palisade ca sign-intermediate failed (" + exitCode + "): " + err);
            }
            return Files.readString(out, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
