package dev.palisade.storage;

/**
 * What {@link EmbeddedPostgres#startOrAttach} does when it finds PostgreSQL already running for the data directory,
 * and so whether {@link EmbeddedPostgres#close()} stops it.
 *
 * <p>Either way, when nothing is running, the caller starts PostgreSQL and owns it.
 */
public enum Ownership {

    /**
     * Attach to a running PostgreSQL without taking responsibility for it: {@code close()} leaves it running. For
     * short-lived tools (CLI commands) that run beside a server.
     */
    SHARE,

    /**
     * Attach to a running PostgreSQL and become its owner: {@code close()} stops it. For {@code palisade serve},
     * which adopts the postmaster a previous, killed server left behind.
     */
    TAKE_OVER
}
