package dev.palisade.storage.internal;

import dev.palisade.storage.DatabaseCredentials;
import dev.palisade.storage.EmbeddedPostgresException;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A PostgreSQL server process ("postmaster"), either started here or found running through its pid file.
 */
public final class Postmaster {

    /**
     * Settings passed on the command line at every start, so they also apply to data directories created by an older
     * Palisade. Durability settings are spelled out although they are PostgreSQL's defaults: an acknowledged commit
     * must survive the server (or the machine) being killed.
     */
    static final Map<String, String> SETTINGS = settings();

    private static final Duration POLL_INTERVAL = Duration.ofMillis(50);
    private static final Logger log = LoggerFactory.getLogger(Postmaster.class);

    /** How waiting for readiness ended when it did not throw. */
    public enum Readiness {
        /** The server accepts connections. */
        READY,
        /** The process exited before it accepted a connection. */
        EXITED
    }

    private final long pid;
    private final int port;
    private final @Nullable Process process;
    private final PostgresLog postgresLog;

    private Postmaster(long pid, int port, @Nullable Process process, PostgresLog postgresLog) {
        this.pid = pid;
        this.port = port;
        this.process = process;
        this.postgresLog = postgresLog;
    }

    /**
     * Starts a postmaster for {@code pgdata} listening on 127.0.0.1:{@code port}. Its output goes to the log file, and
     * its standard input is {@code /dev/null}, so nothing ties it to the JVM: if the JVM is killed, PostgreSQL keeps
     * running and the next start attaches to it.
     */
    public static Postmaster start(
            PostgresLauncher launcher, PostgresBinaries binaries, Path pgdata, int port, PostgresLog postgresLog)
            throws IOException {
        List<String> arguments = new ArrayList<>(List.of("-D", pgdata.toString(), "-p", Integer.toString(port)));
        SETTINGS.forEach((name, value) -> arguments.addAll(List.of("-c", name + "=" + value)));
        Process process = launcher.processBuilder(binaries.postgres(), arguments)
                .redirectInput(ProcessBuilder.Redirect.from(Commands.DEV_NULL))
                .redirectErrorStream(true)
                .redirectOutput(postgresLog.appendRedirect())
                .start();
        process.getOutputStream().close();
        return new Postmaster(process.pid(), port, process, postgresLog);
    }

    /** Represents the running postmaster that {@code pidFile} describes, without starting anything. */
    public static Postmaster attach(PostmasterPidFile pidFile, PostgresLog postgresLog) {
        return new Postmaster(pidFile.pid(), pidFile.port(), null, postgresLog);
    }

    public long pid() {
        return pid;
    }

    public int port() {
        return port;
    }

    /** True while the process has not exited. */
    public boolean isRunning() {
        return process != null ? process.isAlive() : ProcessLiveness.isRunning(pid);
    }

    /** The exit code, when this JVM started the process and it has exited. */
    public OptionalInt exitCode() {
        Process child = process;
        return child == null || child.isAlive() ? OptionalInt.empty() : OptionalInt.of(child.exitValue());
    }

    /**
     * Waits until the server accepts a connection as {@code superuser}, the process exits, or {@code timeout} passes
     * (which throws). A rejected password throws at once: waiting would not fix it.
     */
    public Readiness awaitReady(DatabaseCredentials superuser, String passwordSource, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        SQLException last = null;
        while (true) {
            if (!isRunning()) {
                return Readiness.EXITED;
            }
            try (Connection connection = JdbcConnections.open(port, "postgres", superuser, Duration.ofSeconds(5))) {
                if (connection.isValid(5)) {
                    return Readiness.READY;
                }
            } catch (SQLException e) {
                if (isAuthenticationFailure(e)) {
                    throw new EmbeddedPostgresException(
                            "PostgreSQL (pid " + pid + ", port " + port + ") rejected the"
                                    + " superuser password from " + passwordSource
                                    + ": restore that file from a backup of"
                                    + " the data directory it belongs to",
                            e);
                }
                last = e;
            }
            if (System.nanoTime() > deadline) {
                throw new EmbeddedPostgresException(
                        postgresLog.explain("PostgreSQL (pid " + pid + ") did not accept" + " connections on 127.0.0.1:"
                                + port + " within " + timeout.toSeconds() + " s"),
                        last);
            }
            if (!sleep(POLL_INTERVAL)) {
                throw new EmbeddedPostgresException("interrupted while waiting for PostgreSQL (pid " + pid + ")");
            }
        }
    }

    /**
     * Stops the server: a fast shutdown first (open transactions roll back, a checkpoint is written); if that takes
     * longer than {@code fastTimeout}, an immediate shutdown (crash recovery at the next start); then SIGKILL. Committed
     * transactions survive all three, because they were flushed to the write-ahead log before being acknowledged.
     */
    public void stop(Duration fastTimeout, Duration immediateTimeout) {
        if (!isRunning()) {
            return;
        }
        Signals.send(pid, "INT");
        if (awaitExit(fastTimeout)) {
            return;
        }
        log.warn(
                "PostgreSQL (pid {}) did not finish a fast shutdown within {} s; shutting down immediately",
                pid,
                fastTimeout.toSeconds());
        Signals.send(pid, "QUIT");
        if (awaitExit(immediateTimeout)) {
            return;
        }
        log.warn(
                "PostgreSQL (pid {}) ignored an immediate shutdown for {} s; killing it",
                pid,
                immediateTimeout.toSeconds());
        Signals.send(pid, "KILL");
        if (!awaitExit(Duration.ofSeconds(10))) {
            throw new EmbeddedPostgresException("PostgreSQL (pid " + pid + ") survived SIGKILL; stop it by hand");
        }
    }

    private boolean awaitExit(Duration timeout) {
        Process child = process;
        if (child != null) {
            try {
                return child.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return !child.isAlive();
            }
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        while (ProcessLiveness.isRunning(pid)) {
            if (System.nanoTime() > deadline || !sleep(Duration.ofMillis(20))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isAuthenticationFailure(SQLException e) {
        // 28P01 invalid_password, 28000 invalid_authorization_specification
        return "28P01".equals(e.getSQLState()) || "28000".equals(e.getSQLState());
    }

    private static boolean sleep(Duration duration) {
        try {
            Thread.sleep(duration);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static Map<String, String> settings() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("listen_addresses", "127.0.0.1");
        // No unix sockets: their path is limited to ~107 bytes, which deep data directories exceed.
        settings.put("unix_socket_directories", "");
        settings.put("password_encryption", "scram-sha-256");
        settings.put("fsync", "on");
        settings.put("synchronous_commit", "on");
        settings.put("full_page_writes", "on");
        // Small enough for a Raspberry Pi-class host; the server's own pool stays well below.
        settings.put("max_connections", "40");
        settings.put("shared_buffers", "32MB");
        settings.put("cluster_name", "palisade");
        return Collections.unmodifiableMap(settings);
    }
}
