package dev.palisade.agent.ota;

import dev.palisade.protocol.ota.TargetName;

/** How a directed update ended: callers must handle every case. */
public sealed interface UpdateOutcome {

    /**
     * Installed, booted on trial and marked good; the anti-rollback floor is now at least its security version.
     *
     * @param target what is installed
     * @param slot the slot it runs from
     * @param securityVersion its security version
     */
    record Good(TargetName target, Slot slot, long securityVersion) implements UpdateOutcome {}

    /**
     * Installed and active on trial ({@link TrialBoot#AFTER_RESTART}): the device must restart into {@code slot},
     * where {@link Updater#resume()} checks its health before the trial deadline.
     *
     * @param target what is installed
     * @param slot the slot the device must restart into
     */
    record RestartRequired(TargetName target, Slot slot) implements UpdateOutcome {}

    /**
     * Installed but not marked good: the previous slot is active again.
     *
     * @param slot the slot active again
     * @param reason a stable code, then a human detail
     */
    record RolledBack(Slot slot, String reason) implements UpdateOutcome {}

    /**
     * Refused before anything was installed.
     *
     * @param code a stable code ({@code tuf.expired}, {@code security-version-below-floor} …)
     * @param detail a human explanation
     */
    record Refused(String code, String detail) implements UpdateOutcome {}
}
