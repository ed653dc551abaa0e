package dev.palisade.protocol.tuf;

import java.io.IOException;
import java.util.Optional;

/**
 * Non-volatile storage of the metadata a client trusts, one file per role ({@code root}, {@code timestamp}, {@code
 * snapshot}, {@code targets} and delegated role names). The updater writes only metadata it has fully verified, after
 * the whole update succeeded; implementations must replace a file atomically so that a crash never leaves half of
 * one.
 */
public interface TrustedMetadataStore {

    /** The stored metadata of {@code roleName}, or empty when there is none. */
    Optional<byte[]> load(String roleName) throws IOException;

    /** Replaces the stored metadata of {@code roleName} atomically. */
    void store(String roleName, byte[] metadata) throws IOException;
}
