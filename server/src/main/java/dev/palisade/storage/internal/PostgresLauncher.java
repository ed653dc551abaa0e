package dev.palisade.storage.internal;

import dev.palisade.storage.EmbeddedPostgresException;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Builds the command lines that run PostgreSQL's programs as a user PostgreSQL accepts.
 *
 * <p>{@code initdb} and {@code postgres} refuse to run as root. When Palisade runs as root (containers, CI), they run
 * under {@code unshare --user --map-user=1000 --map-group=1000}: inside that user namespace the process is uid 1000
 * and the root-owned data directory appears owned by uid 1000, so PostgreSQL's ownership check passes without any
 * {@code chown}, while outside it the files stay root's. {@code unshare} execs the program, so the process Java starts
 * is the postmaster itself and can be signalled by its pid.
 */
public final class PostgresLauncher {

    private static final List<String> USER_NAMESPACE =
            List.of("unshare", "--user", "--map-user=1000", "--map-group=1000");

    private static final String VERSION_PREFIX = "postgres (PostgreSQL)";

    private final List<String> prefix;
    private final String serverVersion;

    private PostgresLauncher(List<String> prefix, String serverVersion) {
        this.prefix = prefix;
        this.serverVersion = serverVersion;
    }

    /**
     * Chooses how to launch for the current user and proves it works by asking {@code postgres --version} the same
     * way, so that a missing or forbidden {@code unshare} is reported clearly before anything else happens.
     */
    public static PostgresLauncher prepare(PostgresBinaries binaries) {
        return prepare(binaries, ProcessLiveness.currentUserIsRoot(), USER_NAMESPACE);
    }

    static PostgresLauncher prepare(PostgresBinaries binaries, boolean root, List<String> userNamespace) {
        List<String> prefix = root ? userNamespace : List.of();
        Commands.Result probe;
        try {
            probe = Commands.run(
                    new ProcessBuilder(command(prefix, binaries.postgres(), List.of("--version")))
                            .redirectErrorStream(true),
                    Duration.ofSeconds(30));
        } catch (IOException e) {
            throw cannotLaunch(root, e.getMessage(), e);
        }
        String output = probe.output().strip();
        if (!probe.succeeded() || !output.startsWith(VERSION_PREFIX)) {
            throw cannotLaunch(root, output, null);
        }
        return new PostgresLauncher(
                prefix, output.substring(VERSION_PREFIX.length()).strip());
    }

    /** A process builder for {@code executable} (one of the PostgreSQL binaries) with {@code arguments}. */
    public ProcessBuilder processBuilder(Path executable, List<String> arguments) {
        return new ProcessBuilder(command(prefix, executable, arguments));
    }

    /** The PostgreSQL version the binaries report, such as {@code 18.1}. */
    public String serverVersion() {
        return serverVersion;
    }

    /** The major version, which must match the data directory's {@code PG_VERSION}. */
    public String majorVersion() {
        int dot = serverVersion.indexOf('.');
        return dot < 0 ? serverVersion : serverVersion.substring(0, dot);
    }

    /** True when programs run inside an unprivileged user namespace because Palisade runs as root. */
    public boolean dropsRoot() {
        return !prefix.isEmpty();
    }

    private static List<String> command(List<String> prefix, Path executable, List<String> arguments) {
        List<String> command = new ArrayList<>(prefix);
        command.add(executable.toString());
        command.addAll(arguments);
        return command;
    }

    private static EmbeddedPostgresException cannotLaunch(
            boolean root, @Nullable String detail, @Nullable Throwable cause) {
        String message = root
                ? "PostgreSQL refuses to run as root, and Palisade could not drop root with"
                        + " 'unshare --user --map-user=1000 --map-group=1000' (" + detail + "): run Palisade as a"
                        + " non-root user, allow unprivileged user namespaces, or configure an external PostgreSQL"
                : "cannot run the embedded PostgreSQL binaries (" + detail + "): configure an external PostgreSQL";
        return new EmbeddedPostgresException(message, cause);
    }
}
