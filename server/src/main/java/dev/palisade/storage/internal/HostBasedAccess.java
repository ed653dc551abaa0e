package dev.palisade.storage.internal;

import dev.palisade.shared.SecretFiles;
import java.nio.file.Path;

/**
 * Writes {@code pg_hba.conf}: password (SCRAM) logins over loopback TCP only. No unix socket lines (sockets are off),
 * no {@code trust}, nothing reachable from another host even if {@code listen_addresses} were widened by mistake.
 */
public final class HostBasedAccess {

    static final String CONTENT = """
            # Written by Palisade on every start of the embedded PostgreSQL; edits here are overwritten.
            # Only password (SCRAM) logins over loopback TCP. Unix sockets are disabled.
            # TYPE  DATABASE  USER  ADDRESS       METHOD
            host    all       all   127.0.0.1/32  scram-sha-256
            """;

    private HostBasedAccess() {}

    /** Replaces {@code <pgdata>/pg_hba.conf} atomically, readable by its owner only (as PostgreSQL creates it). */
    public static void write(Path pgdata) {
        SecretFiles.writeString(pgdata.resolve("pg_hba.conf"), CONTENT);
    }
}
