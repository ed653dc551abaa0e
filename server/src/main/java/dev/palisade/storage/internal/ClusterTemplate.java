package dev.palisade.storage.internal;

import dev.palisade.shared.SecretFiles;
import dev.palisade.storage.EmbeddedPostgresException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.postgresql.util.PasswordUtil;

/**
 * A PostgreSQL cluster initialised once beside binaries shared by all data directories, and copied into each new data
 * directory instead of running {@code initdb} there: a copy takes a small fraction of initdb's second of work, which
 * otherwise competes with the server's own start for the CPU.
 *
 * <p>Every copy gets its own superuser password before any server runs on it: the template's is random and discarded
 * at once, and the copy's is set through PostgreSQL's single-user mode, which listens on nothing. The password travels
 * only as its SCRAM verifier, on the program's standard input.
 */
final class ClusterTemplate {

    /** Changes whenever the options the template is made with change, so that a template made by another build is not used. */
    private static final String FORMAT = "1";

    private static final String STAGING_PREFIX = ".cluster-staging-";
    private static final Duration SINGLE_USER_TIMEOUT = Duration.ofMinutes(1);
    private static final Duration SYNC_TIMEOUT = Duration.ofMinutes(1);

    private ClusterTemplate() {}

    /** Returns the template for the shared {@code binaries}, initialising it first when it does not exist yet. */
    static Path ensure(PostgresLauncher launcher, PostgresBinaries binaries, Path sharedDir, PostgresLog postgresLog)
            throws IOException {
        Path template = sharedDir.resolve(binaries.home().getFileName() + ".cluster-" + FORMAT);
        if (Files.exists(template.resolve("PG_VERSION"))) {
            return template;
        }
        try (StartupLock lock = PostgresBinaries.lockShared(sharedDir)) {
            if (Files.exists(template.resolve("PG_VERSION"))) {
                return template;
            }
            FileTrees.deleteLeftovers(sharedDir, STAGING_PREFIX);
            Path staging = Files.createTempDirectory(sharedDir, STAGING_PREFIX);
            Path throwawayPassword = Files.createTempFile(sharedDir, STAGING_PREFIX + "password-", "");
            try {
                Files.writeString(throwawayPassword, SecretFiles.randomToken(32) + "\n");
                ClusterInitializer.runInitdb(launcher, binaries, staging, throwawayPassword, postgresLog);
            } catch (IOException | RuntimeException e) {
                FileTrees.deleteRecursively(staging);
                throw e;
            } finally {
                Files.deleteIfExists(throwawayPassword);
            }
            FileTrees.publish(staging, template);
            return template;
        }
    }

    /** Copies the template's tree into the empty directory {@code target}, durably, keeping owner-only permissions. */
    static void copy(Path template, Path target) throws IOException {
        Files.walkFileTree(template, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) throws IOException {
                if (!dir.equals(template)) {
                    Files.copy(dir, copyOf(dir), StandardCopyOption.COPY_ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                Files.copy(file, copyOf(file), StandardCopyOption.COPY_ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
                return FileVisitResult.CONTINUE;
            }

            private Path copyOf(Path path) {
                return target.resolve(template.relativize(path).toString());
            }
        });
        if (!syncFileSystem(target)) {
            FileTrees.forceTree(target);
        }
    }

    /**
     * Flushes the whole file system holding {@code dir} with one {@code syncfs} call ({@code sync -f}): several times
     * faster than a thousand single flushes. False when the command is missing or fails.
     */
    private static boolean syncFileSystem(Path dir) {
        try {
            return Commands.run(new ProcessBuilder("sync", "-f", dir.toString()), SYNC_TIMEOUT)
                    .succeeded();
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Gives the copied cluster in {@code pgdata} the superuser password that is the first line of {@code
     * superuserPasswordFile}, with no server listening while it happens.
     */
    static void setSuperuserPassword(
            PostgresLauncher launcher, PostgresBinaries binaries, Path pgdata, Path superuserPasswordFile)
            throws IOException {
        String password = SecretFiles.readString(superuserPasswordFile)
                .lines()
                .findFirst()
                .orElse("");
        if (password.isEmpty()) {
            throw new EmbeddedPostgresException(superuserPasswordFile + " holds no password");
        }
        // base64 and '$' ':' only, never a quote: safe inside the literal
        String verifier = PasswordUtil.encodeScramSha256(password.toCharArray());
        Path parent = Objects.requireNonNull(pgdata.toAbsolutePath().getParent(), "pgdata has a parent");
        // named as a staging leftover of the data directory, so that a crash cannot leave it behind for long
        Path statement = Files.createTempFile(parent, ClusterInitializer.STAGING_PREFIX + "statement-", ".sql");
        try {
            Files.writeString(statement, "ALTER ROLE postgres PASSWORD '" + verifier + "';\n", StandardCharsets.UTF_8);
            ProcessBuilder singleUser = launcher.processBuilder(
                            binaries.postgres(),
                            List.of(
                                    "--single",
                                    "-D",
                                    pgdata.toString(),
                                    // a failing statement is never echoed into the output: it holds the verifier
                                    "-c",
                                    "log_min_error_statement=panic",
                                    "postgres"))
                    .redirectErrorStream(true);
            Commands.Result result = Commands.run(singleUser, statement.toFile(), SINGLE_USER_TIMEOUT);
            String output = result.output();
            String upper = output.toUpperCase(Locale.ROOT);
            if (!result.succeeded() || upper.contains("ERROR:") || upper.contains("FATAL:")) {
                throw new EmbeddedPostgresException("cannot set the superuser password in the copied cluster " + pgdata
                        + " (exit code " + result.exitCode() + "): " + output.strip());
            }
        } finally {
            Files.deleteIfExists(statement);
        }
    }
}
