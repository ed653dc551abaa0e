package dev.palisade.agent.ota;

/** Where the trial of a newly installed image runs: what decides its health check. */
public enum TrialBoot {

    /**
     * In the process that installed it, at once: for images that take effect without a restart (configuration, models)
     * and for tests.
     */
    IN_PLACE,

    /**
     * In the image itself, after a restart: {@link Updater#apply} stops once the new slot is active on trial and
     * returns {@link UpdateOutcome.RestartRequired}; the device restarts into that slot, and {@link Updater#resume()}
     * there runs the health check before the trial deadline, marking the update good or rolling it back.
     */
    AFTER_RESTART
}
