package dev.palisade.agent.ota;

import dev.palisade.protocol.tuf.UpdaterLimits;
import java.nio.file.Path;
import java.time.Duration;

/**
 * What the updater knows about its device and how it behaves.
 *
 * @param model the device's model, which targets must be built for
 * @param hardwareRevision the device's hardware revision, likewise
 * @param stateDirectory where trusted metadata, downloads, the journal, the floor and the slots are kept
 * @param trialWindow how long a trial boot has to be marked good before it is rolled back
 * @param maxImageLength the most bytes a slot holds: a target longer than this is refused before downloading
 * @param limits the TUF client's bounds
 * @param trialBoot whether the trial runs at once or after a restart into the new slot
 */
public record OtaSettings(
        String model,
        String hardwareRevision,
        Path stateDirectory,
        Duration trialWindow,
        long maxImageLength,
        UpdaterLimits limits,
        TrialBoot trialBoot) {

    public OtaSettings {
        if (model.isEmpty() || hardwareRevision.isEmpty()) {
            throw new IllegalArgumentException("a device has a model and a hardware revision");
        }
        if (trialWindow.isNegative() || trialWindow.isZero() || maxImageLength < 1) {
            throw new IllegalArgumentException("a positive trial window and image size");
        }
    }

    /** Settings whose trial runs at once, in the installing process ({@link TrialBoot#IN_PLACE}). */
    public OtaSettings(
            String model,
            String hardwareRevision,
            Path stateDirectory,
            Duration trialWindow,
            long maxImageLength,
            UpdaterLimits limits) {
        this(model, hardwareRevision, stateDirectory, trialWindow, maxImageLength, limits, TrialBoot.IN_PLACE);
    }
}
