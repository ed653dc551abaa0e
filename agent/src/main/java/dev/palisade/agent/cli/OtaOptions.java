package dev.palisade.agent.cli;

import dev.palisade.agent.ota.OtaSettings;
import dev.palisade.agent.ota.TrialBoot;
import dev.palisade.protocol.tuf.UpdaterLimits;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/** {@code run}'s updates: given together, or not at all (then {@code run} takes no updates). */
final class OtaOptions {

    @Option(
            names = "--ota-dir",
            required = true,
            paramLabel = "DIR",
            description = "Take updates: the A/B slots, the update journal, the trusted TUF metadata and the"
                    + " anti-rollback floor live here; the file 'active' names the slot to boot (a or b).")
    Path directory = Path.of("ota");

    @Option(
            names = "--tuf-root",
            required = true,
            paramLabel = "FILE",
            description = "The TUF root metadata the device shipped with (root.json); a newer root, once verified,"
                    + " is kept in --ota-dir and used instead.")
    Path tufRoot = Path.of("root.json");

    @Option(names = "--model", required = true, description = "The device's model: updates must be built for it.")
    String model = "";

    @Option(
            names = "--hardware-revision",
            required = true,
            paramLabel = "REVISION",
            description = "The device's hardware revision: updates must be built for it.")
    String hardwareRevision = "";

    @Option(
            names = "--trial-window",
            defaultValue = "PT10M",
            paramLabel = "DURATION",
            description = "How long a new image has, from its installation, to come up after the restart and pass"
                    + " its health check; then it is rolled back (default: ${DEFAULT-VALUE}).")
    Duration trialWindow = Duration.ofMinutes(10);

    @Option(
            names = "--max-image-size",
            defaultValue = "1073741824",
            paramLabel = "BYTES",
            description = "The most bytes a slot holds; a larger image is refused before it is downloaded"
                    + " (default: ${DEFAULT-VALUE}).")
    long maxImageSize = 1L << 30;

    @Option(
            names = "--health-check",
            paramLabel = "FILE",
            description = "A program that decides whether a new image works, run after the restart once the broker"
                    + " took the session, with the slot's image file and the target name as arguments: exit status 0"
                    + " marks the update good. Without it, reaching the broker is enough.")
    @Nullable
    Path healthCheck;

    OtaSettings settings() {
        return new OtaSettings(
                model,
                hardwareRevision,
                directory,
                trialWindow,
                maxImageSize,
                UpdaterLimits.DEFAULTS,
                TrialBoot.AFTER_RESTART);
    }

    byte[] trustedRoot() throws IOException {
        return Files.readAllBytes(tufRoot);
    }
}
