package dev.palisade.agent.ota;

import dev.palisade.agent.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * The lowest security version the device still installs, kept in one file. It only rises: it is raised to an image's
 * security version once that image is marked good, never lowered, so a signed but older release with a known hole
 * cannot be installed again. (On hardware this is a monotonic counter or fuses; the file stands in for them.)
 */
public final class AntiRollbackFloor {

    private final Path file;

    public AntiRollbackFloor(Path file) {
        this.file = file;
    }

    /** The floor: 0 on a device that never marked an update good. */
    public long current() throws IOException {
        try {
            return Long.parseLong(Files.readString(file, StandardCharsets.UTF_8).strip());
        } catch (NoSuchFileException e) {
            return 0;
        } catch (NumberFormatException e) {
            throw new IOException("the anti-rollback floor file is damaged", e);
        }
    }

    /** Raises the floor to {@code securityVersion}; a lower value changes nothing. */
    public void raiseTo(long securityVersion) throws IOException {
        if (securityVersion > current()) {
            AtomicFiles.write(file, (securityVersion + "\n").getBytes(StandardCharsets.UTF_8));
        }
    }
}
