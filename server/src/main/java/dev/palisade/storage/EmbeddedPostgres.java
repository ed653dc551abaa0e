package dev.palisade.storage;

import dev.palisade.shared.SecretFiles;
import dev.palisade.storage.internal.ClusterInitializer;
import dev.palisade.storage.internal.DatabaseProvisioner;
import dev.palisade.storage.internal.FreePort;
import dev.palisade.storage.internal.HostBasedAccess;
import dev.palisade.storage.internal.JdbcConnections;
import dev.palisade.storage.internal.PostgresBinaries;
import dev.palisade.storage.internal.PostgresLauncher;
import dev.palisade.storage.internal.PostgresLog;
import dev.palisade.storage.internal.Postmaster;
import dev.palisade.storage.internal.PostmasterPidFile;
import dev.palisade.storage.internal.StartupLock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A PostgreSQL server run from the binaries bundled with Palisade, with its data in a directory of Palisade's data
 * directory, for installations that configure no external database.
 *
 * <p>{@link #startOrAttach} unpacks the binaries, initialises the data directory on first use, starts PostgreSQL — or
 * attaches to one already running for the same directory, such as the orphan left behind when the previous server was
 * killed with {@code kill -9} — and makes sure the {@value #DATABASE} database and its two roles exist:
 * {@value #OWNER_ROLE} (owns the schema, runs migrations) and {@value #APP_ROLE} (the application at run time, always
 * subject to row-level security). Passwords live in owner-only files in the secrets directory.
 *
 * <p>Layout under {@code postgresDir}: {@code bin-<digest>/} (the binaries), {@code pgdata/} (the cluster),
 * {@code postgres.log}, {@code .startup.lock}. In the secrets directory: {@value #SUPERUSER_PASSWORD_FILE},
 * {@value #OWNER_PASSWORD_FILE}, {@value #APP_PASSWORD_FILE}.
 *
 * <p>PostgreSQL listens on 127.0.0.1 only, on a port chosen at start, without unix sockets, and accepts only SCRAM
 * password logins. Its durability settings are left on, so a committed transaction survives the server or the
 * machine being killed. {@link #close()} stops PostgreSQL if this instance owns it; nothing is registered globally, so
 * the caller must close it.
 */
public final class EmbeddedPostgres implements AutoCloseable {

    /** The database Palisade's schema lives in. */
    public static final String DATABASE = "palisade";
    /** The PostgreSQL superuser, created by initdb. Used only to provision the database and roles. */
    public static final String SUPERUSER = "postgres";
    /** The role that owns {@value #DATABASE} and runs schema migrations. */
    public static final String OWNER_ROLE = "palisade_owner";
    /** The role the application runs as: no superuser, no BYPASSRLS, so row-level security applies. */
    public static final String APP_ROLE = "palisade_app";

    public static final String SUPERUSER_PASSWORD_FILE = "db-superuser.password";
    public static final String OWNER_PASSWORD_FILE = "db-owner.password";
    public static final String APP_PASSWORD_FILE = "db-app.password";

    private static final Duration LOCK_TIMEOUT = Duration.ofMinutes(2);
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration FAST_SHUTDOWN_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration IMMEDIATE_SHUTDOWN_TIMEOUT = Duration.ofSeconds(10);
    private static final int START_ATTEMPTS = 3;
    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgres.class);

    private final Postmaster postmaster;
    private final Path dataDirectory;
    private final boolean ownsProcess;
    private final DatabaseCredentials superuser;
    private final DatabaseCredentials owner;
    private final DatabaseCredentials app;
    private final AtomicBoolean closed = new AtomicBoolean();

    private EmbeddedPostgres(
            Postmaster postmaster,
            Path dataDirectory,
            boolean ownsProcess,
            DatabaseCredentials superuser,
            DatabaseCredentials owner,
            DatabaseCredentials app) {
        this.postmaster = postmaster;
        this.dataDirectory = dataDirectory;
        this.ownsProcess = ownsProcess;
        this.superuser = superuser;
        this.owner = owner;
        this.app = app;
    }

    /**
     * Starts or shares the PostgreSQL in {@code postgresDir}, keeping passwords in the {@code secrets} directory beside
     * it ({@code postgresDir/../secrets}).
     */
    public static EmbeddedPostgres startOrAttach(Path postgresDir) {
        Path absolute = postgresDir.toAbsolutePath().normalize();
        Path parent = absolute.getParent();
        return startOrAttach(absolute, (parent == null ? absolute : parent).resolve("secrets"), Ownership.SHARE);
    }

    /**
     * Starts PostgreSQL in {@code postgresDir}, or attaches to the one already running there.
     *
     * @param postgresDir where the binaries, the data directory and the log live; created when missing
     * @param secretsDir where the password files live; created (owner-only) when missing, passwords generated on
     *     first use
     * @param ownership whether an already running PostgreSQL becomes this instance's to stop on {@link #close()}
     * @throws EmbeddedPostgresException when PostgreSQL cannot be prepared or started; the message says what to do
     */
    public static EmbeddedPostgres startOrAttach(Path postgresDir, Path secretsDir, Ownership ownership) {
        return startOrAttach(
                postgresDir, secretsDir, ownership, System.getenv(PostgresBinaries.SHARED_DIRECTORY_VARIABLE));
    }

    /** As {@link #startOrAttach(Path, Path, Ownership)}, with the binaries in {@code sharedBinaries} when not null. */
    static EmbeddedPostgres startOrAttach(
            Path postgresDir, Path secretsDir, Ownership ownership, @Nullable String sharedBinaries) {
        Path dir = SecretFiles.ownerOnlyDirectory(postgresDir.toAbsolutePath().normalize());
        Path secrets =
                SecretFiles.ownerOnlyDirectory(secretsDir.toAbsolutePath().normalize());
        StartupLock lock = StartupLock.acquire(dir.resolve(".startup.lock"), LOCK_TIMEOUT);
        try {
            Path superuserPasswordFile = secrets.resolve(SUPERUSER_PASSWORD_FILE);
            DatabaseCredentials superuser =
                    new DatabaseCredentials(SUPERUSER, SecretFiles.readOrGenerate(superuserPasswordFile));
            DatabaseCredentials owner = new DatabaseCredentials(
                    OWNER_ROLE, SecretFiles.readOrGenerate(secrets.resolve(OWNER_PASSWORD_FILE)));
            DatabaseCredentials app =
                    new DatabaseCredentials(APP_ROLE, SecretFiles.readOrGenerate(secrets.resolve(APP_PASSWORD_FILE)));
            PostgresLog postgresLog = new PostgresLog(dir.resolve("postgres.log"));
            createLog(postgresLog);

            PostgresBinaries binaries = PostgresBinaries.locate(dir, sharedBinaries);
            PostgresLauncher launcher = PostgresLauncher.prepare(binaries);
            Path pgdata = dir.resolve("pgdata");
            ClusterInitializer.ensureInitialised(launcher, binaries, pgdata, superuserPasswordFile, postgresLog);

            Session session = startOrAttach(
                    launcher, binaries, pgdata, superuser, superuserPasswordFile.toString(), postgresLog, ownership);
            try {
                DatabaseProvisioner.provision(session.postmaster().port(), DATABASE, superuser, owner, app);
            } catch (RuntimeException e) {
                if (session.owns()) {
                    session.postmaster().stop(FAST_SHUTDOWN_TIMEOUT, IMMEDIATE_SHUTDOWN_TIMEOUT);
                }
                throw e;
            }
            return new EmbeddedPostgres(session.postmaster(), pgdata, session.owns(), superuser, owner, app);
        } finally {
            lock.close();
        }
    }

    /** A postmaster and whether the caller is responsible for stopping it. */
    private record Session(Postmaster postmaster, boolean owns) {}

    private static Session startOrAttach(
            PostgresLauncher launcher,
            PostgresBinaries binaries,
            Path pgdata,
            DatabaseCredentials superuser,
            String passwordSource,
            PostgresLog postgresLog,
            Ownership ownership) {
        Optional<PostmasterPidFile> running = findRunning(pgdata);
        if (running.isPresent()) {
            Postmaster found = Postmaster.attach(running.get(), postgresLog);
            if (found.awaitReady(superuser, passwordSource, STARTUP_TIMEOUT) == Postmaster.Readiness.READY) {
                boolean takeOver = ownership == Ownership.TAKE_OVER;
                log.info(
                        "Attached to running PostgreSQL (pid {}) on 127.0.0.1:{} with data directory {}{}",
                        found.pid(),
                        found.port(),
                        pgdata,
                        takeOver ? "; taking over its ownership" : "");
                return new Session(found, takeOver);
            }
            log.info("PostgreSQL (pid {}) exited while attaching to it; starting a new one", found.pid());
        }
        removeStaleLockFile(pgdata);
        for (int attempt = 1; ; attempt++) {
            Postmaster started = start(launcher, binaries, pgdata, postgresLog);
            Postmaster.Readiness readiness;
            try {
                readiness = started.awaitReady(superuser, passwordSource, STARTUP_TIMEOUT);
            } catch (RuntimeException e) {
                started.stop(FAST_SHUTDOWN_TIMEOUT, IMMEDIATE_SHUTDOWN_TIMEOUT);
                throw e;
            }
            if (readiness == Postmaster.Readiness.READY) {
                log.info(
                        "Started PostgreSQL {} (pid {}) on 127.0.0.1:{} with data directory {}{}",
                        launcher.serverVersion(),
                        started.pid(),
                        started.port(),
                        pgdata,
                        launcher.dropsRoot()
                                ? " (as uid 1000 in a user namespace, because Palisade runs as root)"
                                : "");
                return new Session(started, true);
            }
            OptionalInt code = started.exitCode();
            String exit = "PostgreSQL exited during start-up with code "
                    + (code.isPresent() ? Integer.toString(code.getAsInt()) : "?");
            if (attempt == START_ATTEMPTS) {
                throw new EmbeddedPostgresException(postgresLog.explain(exit + ", " + START_ATTEMPTS + " times"));
            }
            // Most often another process took the port between choosing and binding it; after a crash, the old
            // postmaster's children may still be leaving its shared memory, so give them a moment.
            log.warn("{} (attempt {} of {}); trying again on another port", exit, attempt, START_ATTEMPTS);
            pause(Duration.ofMillis(500L * attempt));
        }
    }

    private static Postmaster start(
            PostgresLauncher launcher, PostgresBinaries binaries, Path pgdata, PostgresLog postgresLog) {
        try {
            postgresLog.rotateIfLarge();
            HostBasedAccess.write(pgdata);
            return Postmaster.start(launcher, binaries, pgdata, FreePort.onLoopback(), postgresLog);
        } catch (IOException e) {
            throw new EmbeddedPostgresException("cannot start PostgreSQL for " + pgdata, e);
        }
    }

    private static Optional<PostmasterPidFile> findRunning(Path pgdata) {
        try {
            return PostmasterPidFile.findRunning(pgdata);
        } catch (IOException e) {
            throw new EmbeddedPostgresException("cannot read " + pgdata.resolve(PostmasterPidFile.NAME), e);
        }
    }

    /**
     * Deletes a {@code postmaster.pid} whose postmaster is gone. PostgreSQL decides that with {@code kill(pid, 0)},
     * which also succeeds for a zombie: a postmaster killed after its parent died is never reaped where PID 1 does not
     * reap orphans (many containers), and PostgreSQL would then refuse to start forever.
     */
    private static void removeStaleLockFile(Path pgdata) {
        Path lockFile = pgdata.resolve(PostmasterPidFile.NAME);
        try {
            // Only called under the start-up lock after finding no running postmaster, so the file is a leftover.
            Optional<PostmasterPidFile> stale = PostmasterPidFile.read(pgdata);
            if (Files.deleteIfExists(lockFile)) {
                log.info(
                        "Removed the lock file of a PostgreSQL that is no longer running (pid {})",
                        stale.map(file -> Long.toString(file.pid())).orElse("unknown"));
            }
        } catch (IOException e) {
            throw new EmbeddedPostgresException("cannot remove the stale lock file " + lockFile, e);
        }
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EmbeddedPostgresException("interrupted while starting PostgreSQL");
        }
    }

    private static void createLog(PostgresLog postgresLog) {
        try {
            postgresLog.create();
        } catch (IOException e) {
            throw new EmbeddedPostgresException("cannot create " + postgresLog.file(), e);
        }
    }

    /** {@code jdbc:postgresql://127.0.0.1:<port>/palisade}. */
    public String jdbcUrl() {
        return JdbcConnections.url(postmaster.port(), DATABASE);
    }

    /** The TCP port PostgreSQL listens on, on 127.0.0.1. */
    public int port() {
        return postmaster.port();
    }

    /** The postmaster's process id. */
    public long pid() {
        return postmaster.pid();
    }

    /** The PostgreSQL data directory ({@code <postgresDir>/pgdata}). */
    public Path dataDirectory() {
        return dataDirectory;
    }

    /** The superuser {@value #SUPERUSER}: for provisioning and administration, never for the application. */
    public DatabaseCredentials superuser() {
        return superuser;
    }

    /** {@value #OWNER_ROLE}, which owns the database and runs migrations. */
    public DatabaseCredentials owner() {
        return owner;
    }

    /** {@value #APP_ROLE}, the application's runtime role, subject to row-level security. */
    public DatabaseCredentials app() {
        return app;
    }

    /** True when {@link #close()} stops PostgreSQL: this instance started it, or took it over. */
    public boolean ownsProcess() {
        return ownsProcess;
    }

    /**
     * Stops PostgreSQL with a fast shutdown if this instance owns it (escalating to an immediate shutdown if that
     * hangs), and waits for it to exit. Leaves a shared PostgreSQL running. Calling it again does nothing.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        if (!ownsProcess) {
            log.debug(
                    "Leaving shared PostgreSQL (pid {}) on 127.0.0.1:{} running", postmaster.pid(), postmaster.port());
            return;
        }
        log.info(
                "Stopping PostgreSQL (pid {}) on 127.0.0.1:{} with data directory {}",
                postmaster.pid(),
                postmaster.port(),
                dataDirectory);
        long started = System.nanoTime();
        postmaster.stop(FAST_SHUTDOWN_TIMEOUT, IMMEDIATE_SHUTDOWN_TIMEOUT);
        log.info("Stopped PostgreSQL (pid {}) in {} ms", postmaster.pid(), (System.nanoTime() - started) / 1_000_000);
    }

    @Override
    public String toString() {
        return "EmbeddedPostgres[pid=" + postmaster.pid() + ", port=" + postmaster.port() + ", dataDirectory="
                + dataDirectory + ", ownsProcess=" + ownsProcess + "]";
    }
}
