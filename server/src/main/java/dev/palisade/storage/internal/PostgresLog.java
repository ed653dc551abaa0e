package dev.palisade.storage.internal;

import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/**
 * {@code <postgresDir>/postgres.log}: where initdb and the postmaster write. The postmaster writes to the file
 * directly rather than to a pipe read by the JVM, so it can go on logging after the JVM that started it is killed.
 *
 * @param file the log file
 */
public record PostgresLog(Path file) {

    /** Beyond this size the log is moved aside to {@code postgres.log.1} before the next start. */
    static final long ROTATE_AT_BYTES = 10L * 1024 * 1024;

    private static final int TAIL_BYTES = 8 * 1024;

    /** Creates the log, readable by its owner only: it may name roles and clients. */
    public void create() throws IOException {
        if (!Files.exists(file)) {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        }
    }

    /**
     * Moves a large log aside to {@code postgres.log.1} and starts a new one. Only before starting a postmaster: a
     * running one keeps writing to the file it opened, whatever its name.
     */
    public void rotateIfLarge() throws IOException {
        if (Files.exists(file) && Files.size(file) > ROTATE_AT_BYTES) {
            Files.move(file, file.resolveSibling(file.getFileName() + ".1"), StandardCopyOption.REPLACE_EXISTING);
        }
        create();
    }

    /** Where a child process should append its output. */
    public ProcessBuilder.Redirect appendRedirect() {
        return ProcessBuilder.Redirect.appendTo(new File(file.toString()));
    }

    /** The last {@code lines} lines, or a note saying why there are none. */
    public String tail(int lines) {
        try (SeekableByteChannel channel = Files.newByteChannel(file)) {
            long start = Math.max(0, channel.size() - TAIL_BYTES);
            ByteBuffer buffer = ByteBuffer.allocate((int) (channel.size() - start));
            channel.position(start);
            while (buffer.hasRemaining() && channel.read(buffer) > 0) {
                // a tail read from a growing file may take several reads
            }
            String text = new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8).strip();
            if (text.isEmpty()) {
                return "(the log is empty)";
            }
            List<String> all = text.lines().toList();
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(cannot read the log: " + e.getMessage() + ")";
        }
    }

    /** {@code message} followed by the last lines of the log, where PostgreSQL explains its failures. */
    public String explain(String message) {
        return message + "; last lines of " + file + ":\n" + tail(20);
    }
}
