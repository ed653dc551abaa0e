package dev.palisade.storage.internal;

import dev.palisade.storage.EmbeddedPostgresException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the PostgreSQL data directory ("cluster") with {@code initdb} on first start.
 *
 * <p>initdb runs in a staging directory beside {@code pgdata} that is renamed into place only when complete: a crash
 * midway leaves a staging leftover (deleted at the next start), never a {@code pgdata} that looks usable but is not.
 */
public final class ClusterInitializer {

    static final String STAGING_PREFIX = ".pgdata-staging-";
    private static final Duration INITDB_TIMEOUT = Duration.ofMinutes(5);
    private static final Logger log = LoggerFactory.getLogger(ClusterInitializer.class);

    private ClusterInitializer() {}

    /**
     * Initialises {@code pgdata} unless it already holds a cluster, with superuser {@code postgres} whose password is
     * the first line of {@code superuserPasswordFile}. Returns true when it created the cluster. The caller holds the
     * start-up lock.
     */
    public static boolean ensureInitialised(
            PostgresLauncher launcher,
            PostgresBinaries binaries,
            Path pgdata,
            Path superuserPasswordFile,
            PostgresLog postgresLog) {
        try {
            if (Files.exists(pgdata.resolve("PG_VERSION"))) {
                requireCompatible(launcher, pgdata);
                return false;
            }
            removeEmptyDirectory(pgdata);
            Path parent = Objects.requireNonNull(pgdata.toAbsolutePath().getParent(), "pgdata has a parent");
            FileTrees.deleteLeftovers(parent, STAGING_PREFIX);
            long started = System.nanoTime();
            Path staging = Files.createTempDirectory(parent, STAGING_PREFIX);
            boolean copied;
            try {
                copied = copiedFromTemplate(launcher, binaries, staging, superuserPasswordFile, postgresLog);
                if (!copied) {
                    FileTrees.deleteRecursively(staging);
                    staging = Files.createTempDirectory(parent, STAGING_PREFIX);
                    runInitdb(launcher, binaries, staging, superuserPasswordFile, postgresLog);
                }
                HostBasedAccess.write(staging);
            } catch (IOException | RuntimeException e) {
                FileTrees.deleteRecursively(staging);
                throw e;
            }
            if (!FileTrees.publish(staging, pgdata)) {
                return false;
            }
            log.info(
                    "Initialised PostgreSQL {} data directory {} in {} ms{}",
                    launcher.serverVersion(),
                    pgdata,
                    (System.nanoTime() - started) / 1_000_000,
                    copied ? " (copied from the template cluster)" : "");
            return true;
        } catch (IOException e) {
            throw new EmbeddedPostgresException(
                    postgresLog.explain("cannot initialise the PostgreSQL data directory " + pgdata), e);
        }
    }

    /**
     * Fills {@code staging} with a copy of the template cluster beside shared binaries, with its own superuser
     * password. False when there is no template to use (binaries of the data directory's own) or it fails, which is
     * reported: the caller then runs initdb as without one.
     */
    private static boolean copiedFromTemplate(
            PostgresLauncher launcher,
            PostgresBinaries binaries,
            Path staging,
            Path superuserPasswordFile,
            PostgresLog postgresLog) {
        Path sharedDir = binaries.sharedDirectory();
        if (sharedDir == null) {
            return false;
        }
        try {
            Path template = ClusterTemplate.ensure(launcher, binaries, sharedDir, postgresLog);
            ClusterTemplate.copy(template, staging);
            ClusterTemplate.setSuperuserPassword(launcher, binaries, staging, superuserPasswordFile);
            return true;
        } catch (IOException | RuntimeException e) {
            log.warn("Cannot use the template cluster in {} ({}); running initdb instead", sharedDir, e.getMessage());
            return false;
        }
    }

    static void runInitdb(
            PostgresLauncher launcher,
            PostgresBinaries binaries,
            Path target,
            Path superuserPasswordFile,
            PostgresLog postgresLog)
            throws IOException {
        List<String> arguments = List.of(
                "--pgdata=" + target,
                "--username=postgres",
                "--pwfile=" + superuserPasswordFile,
                "--auth=scram-sha-256",
                "--encoding=UTF8",
                "--no-locale",
                "--no-instructions");
        ProcessBuilder initdb = launcher.processBuilder(binaries.initdb(), arguments)
                .redirectErrorStream(true)
                .redirectOutput(postgresLog.appendRedirect());
        Commands.Result result = Commands.run(initdb, INITDB_TIMEOUT);
        if (!result.succeeded()) {
            throw new EmbeddedPostgresException(
                    postgresLog.explain("initdb failed with exit code " + result.exitCode()));
        }
    }

    private static void requireCompatible(PostgresLauncher launcher, Path pgdata) throws IOException {
        String dataVersion = Files.readString(pgdata.resolve("PG_VERSION"), StandardCharsets.US_ASCII)
                .strip();
        if (!dataVersion.equals(launcher.majorVersion())) {
            throw new EmbeddedPostgresException("the data directory " + pgdata + " was created by PostgreSQL "
                    + dataVersion + " but the embedded binaries are PostgreSQL " + launcher.serverVersion()
                    + ": run the Palisade version that created it, or dump and restore the data into a new directory");
        }
    }

    private static void removeEmptyDirectory(Path pgdata) throws IOException {
        if (!Files.isDirectory(pgdata)) {
            return;
        }
        try (var entries = Files.list(pgdata)) {
            if (entries.findAny().isPresent()) {
                throw new EmbeddedPostgresException(pgdata + " exists but is not a PostgreSQL data directory (it has no"
                        + " PG_VERSION): move it away so that Palisade can create a new one");
            }
        }
        Files.delete(pgdata);
    }
}
