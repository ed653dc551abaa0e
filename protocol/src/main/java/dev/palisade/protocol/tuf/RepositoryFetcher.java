package dev.palisade.protocol.tuf;

import java.io.IOException;
import java.util.Optional;

/**
 * Fetches files from a TUF repository: HTTPS in the agent, an in-memory map in tests. The client enforces every
 * length limit itself; an implementation must still stop reading once it has {@code maxLength + 1} bytes, so that a
 * server sending endless data costs at most that much memory and bandwidth.
 */
public interface RepositoryFetcher {

    /**
     * A metadata file by its name relative to the metadata base ({@code 3.root.json}, {@code timestamp.json} …).
     *
     * @param maxLength the most bytes the client will accept
     * @return the bytes read (at most {@code maxLength + 1}), or empty when the repository has no such file
     * @throws IOException when the repository cannot be reached or fails
     */
    Optional<byte[]> fetchMetadata(String fileName, long maxLength) throws IOException;

    /**
     * A target file by its name relative to the targets base ({@code app/HASH.firmware.bin} with consistent snapshots).
     *
     * @param maxLength the most bytes the client will accept: the length its targets metadata names
     * @return the bytes read (at most {@code maxLength + 1}), or empty when the repository has no such file
     * @throws IOException when the repository cannot be reached or fails
     */
    Optional<byte[]> fetchTarget(String fileName, long maxLength) throws IOException;
}
