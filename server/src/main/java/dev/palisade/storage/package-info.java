/**
 * Storage owns where Palisade keeps its state: by default an embedded PostgreSQL, run from real PostgreSQL binaries
 * inside the data directory, with the roles the rest of the application connects as. It survives restarts and a
 * killed server (an orphaned postmaster is adopted, not duplicated), and it runs when Palisade runs as root by
 * dropping into an unprivileged user namespace, because PostgreSQL refuses to run as root.
 */
@NullMarked
package dev.palisade.storage;

import org.jspecify.annotations.NullMarked;
