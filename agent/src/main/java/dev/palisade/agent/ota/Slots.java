package dev.palisade.agent.ota;

import dev.palisade.agent.AtomicFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * A/B slots simulated on the file system: {@code slots/a/image} and {@code slots/b/image}, and an {@code active} file
 * naming the slot the device boots ({@code a} when there is none yet: the factory image). Switching slots is one atomic
 * rename of {@code active}, so a crash leaves the device booting one complete slot or the other, never a mix; an image
 * is written to the inactive slot only, so the running one is never touched.
 */
public final class Slots {

    private static final String IMAGE = "image";
    private static final String TARGET = "target";

    private final Path root;

    /** Slots below {@code root}. */
    public Slots(Path root) {
        this.root = root;
    }

    /** The slot the device boots. */
    public Slot active() throws IOException {
        try {
            return Slot.fromFileName(Files.readString(root.resolve("active"), StandardCharsets.UTF_8)
                    .strip());
        } catch (NoSuchFileException e) {
            return Slot.A;
        } catch (IllegalArgumentException e) {
            throw new IOException("the active slot pointer is damaged: " + e.getMessage(), e);
        }
    }

    /** Makes {@code slot} the one the device boots, atomically. */
    public void activate(Slot slot) throws IOException {
        AtomicFiles.write(root.resolve("active"), (slot.fileName() + "\n").getBytes(StandardCharsets.UTF_8));
    }

    /** The image file of {@code slot}. */
    public Path image(Slot slot) {
        return directory(slot).resolve(IMAGE);
    }

    /** The target name installed in {@code slot}, if any. */
    public Optional<String> target(Slot slot) throws IOException {
        try {
            return Optional.of(Files.readString(directory(slot).resolve(TARGET), StandardCharsets.UTF_8)
                    .strip());
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    /**
     * Writes {@code verifiedImage} into {@code slot}, which must not be the active one: the old image and its name are
     * removed first, so a crash midway leaves an empty slot rather than a half-written one that looks complete.
     */
    public void install(Slot slot, Path verifiedImage, String targetName) throws IOException {
        if (slot == active()) {
            throw new IllegalStateException("slot " + slot + " is active; images go to the inactive slot");
        }
        Path directory = Files.createDirectories(directory(slot));
        Files.deleteIfExists(directory.resolve(TARGET));
        Files.deleteIfExists(image(slot));
        Path temporary = directory.resolve(IMAGE + ".partial");
        try (InputStream in = Files.newInputStream(verifiedImage);
                FileChannel out = FileChannel.open(
                        temporary,
                        StandardOpenOption.CREATE,
                        StandardOpenOption.WRITE,
                        StandardOpenOption.TRUNCATE_EXISTING)) {
            OutputStream stream = Channels.newOutputStream(out);
            in.transferTo(stream);
            stream.flush();
            out.force(true);
        }
        Files.move(temporary, image(slot), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        AtomicFiles.write(directory.resolve(TARGET), (targetName + "\n").getBytes(StandardCharsets.UTF_8));
    }

    private Path directory(Slot slot) {
        return root.resolve("slots").resolve(slot.fileName());
    }
}
