package dev.palisade.storage;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Stands in for {@code palisade serve} in {@link KilledServerIT}: runs in its own JVM, starts the embedded PostgreSQL,
 * reports its pid and port, and waits to be killed.
 */
public final class ServerThatGetsKilled {

    private ServerThatGetsKilled() {}

    /** Arguments: the PostgreSQL directory, the secrets directory, and the file to report to. */
    public static void main(String[] args) throws Exception {
        EmbeddedPostgres postgres =
                EmbeddedPostgres.startOrAttach(Path.of(args[0]), Path.of(args[1]), Ownership.TAKE_OVER);
        Path report = Path.of(args[2]);
        Path staged = report.resolveSibling(report.getFileName() + ".tmp");
        Files.writeString(staged, postgres.pid() + " " + postgres.port(), StandardCharsets.UTF_8);
        Files.move(staged, report);
        Thread.sleep(Long.MAX_VALUE);
    }
}
