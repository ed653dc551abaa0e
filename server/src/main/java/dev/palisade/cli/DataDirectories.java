package dev.palisade.cli;

import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/** Where the data directory is: the option, else {@code PALISADE_DATA_DIR}, else {@code ./palisade-data}. */
final class DataDirectories {

    private DataDirectories() {}

    static Path resolve(@Nullable Path option) {
        if (option != null) {
            return option.toAbsolutePath().normalize();
        }
        String fromEnvironment = System.getenv("PALISADE_DATA_DIR");
        Path path = fromEnvironment == null || fromEnvironment.isBlank()
                ? Path.of("palisade-data")
                : Path.of(fromEnvironment);
        return path.toAbsolutePath().normalize();
    }
}
