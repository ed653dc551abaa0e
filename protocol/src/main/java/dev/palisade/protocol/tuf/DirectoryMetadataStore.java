package dev.palisade.protocol.tuf;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * Keeps trusted metadata as {@code ROLE.json} files in one directory, the layout python-tuf and tuf-js use, so a
 * device's trusted state can be inspected with any TUF tool. Each file is written to a temporary file in the same
 * directory, forced to disk and moved into place atomically.
 */
public final class DirectoryMetadataStore implements TrustedMetadataStore {

    private final Path directory;

    /** A store in {@code directory}, which is created when missing. */
    public DirectoryMetadataStore(Path directory) throws IOException {
        this.directory = Files.createDirectories(directory);
    }

    @Override
    public Optional<byte[]> load(String roleName) throws IOException {
        try {
            return Optional.of(Files.readAllBytes(file(roleName)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    @Override
    public void store(String roleName, byte[] metadata) throws IOException {
        Path target = file(roleName);
        Path temporary = Files.createTempFile(directory, ".tuf-", ".tmp");
        try {
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(metadata);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    private Path file(String roleName) {
        return directory.resolve(RepositoryLayout.metadataFile(roleName, 1, false));
    }
}
