/**
 * The moving parts behind {@link dev.palisade.storage.EmbeddedPostgres}: extracting the binaries, initialising the
 * cluster, launching and signalling the postmaster (through a user namespace when root), reading its pid file and
 * provisioning roles. Nothing outside the storage feature uses these classes.
 */
@NullMarked
package dev.palisade.storage.internal;

import org.jspecify.annotations.NullMarked;
