package dev.palisade.agent.ota;

import dev.palisade.protocol.ota.TargetName;
import dev.palisade.protocol.ota.UpdateDirective;
import dev.palisade.protocol.ota.UpdateState;
import dev.palisade.protocol.ota.UpdateStatus;
import dev.palisade.protocol.tuf.DirectoryMetadataStore;
import dev.palisade.protocol.tuf.TargetFile;
import dev.palisade.protocol.tuf.TargetLookup;
import dev.palisade.protocol.tuf.TufUpdater;
import dev.palisade.protocol.tuf.UpdateResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Carries out directed updates, Uptane-style: the server directs (release and target name, over MQTT), but the device
 * installs only what its TUF metadata lists for it, verified from a root it already trusts.
 *
 * <ol>
 *   <li>The target name must be for this device's model and hardware revision.
 *   <li>TUF metadata is refreshed (freeze, rollback, mix-and-match and endless-data checks are the TUF client's) and the
 *       target must be vouched for by the role of its own tier ({@code os} targets by the {@code os} role, not by
 *       top-level targets nor another tier's role), with {@code custom} naming this device's model, hardware
 *       revision, the tier, the version and the directed release.
 *   <li>Its security version must not be below the anti-rollback floor; its length must fit a slot.
 *   <li>The bytes are reconstructed from the running image and a binary delta when the server has one from exactly
 *       that content, or else downloaded (resumable); either way checked against the signed length and hashes.
 *   <li>They are written to the inactive slot, which then boots on trial: the health check must pass before the
 *       deadline, then the update is marked good and the floor raised to its security version; otherwise the previous
 *       slot is active again.
 * </ol>
 *
 * <p>Each state is reported to the {@link UpdateListener}. A refusal installs nothing. Every step that a restart must
 * know about is written to a journal first, so {@link #resume()} after a restart finishes a trial (or rolls it back if
 * its deadline passed) and runs an interrupted download again, resuming the partial file. Calls are serialised.
 *
 * <p>With {@link TrialBoot#AFTER_RESTART} the trial is the new image's own: {@link #apply} returns {@link
 * UpdateOutcome.RestartRequired} once the new slot is active, and the health check runs in {@link #resume()} after the
 * device restarted into it. A directive naming the target the active slot already runs is answered {@code good}
 * without installing anything again: offers come at least once.
 */
public final class Updater {

    /** The {@code downloaded} report's reason when the image was reconstructed from a delta. */
    static final String DELTA_APPLIED = "delta-applied";

    /** The start of the {@code downloaded} report's reason when the full image was downloaded, then why no delta. */
    static final String FULL_IMAGE = "full-image";

    private final OtaSettings settings;
    private final byte[] trustedRoot;
    private final OtaRepository repository;
    private final HealthCheck health;
    private final UpdateListener listener;
    private final Clock clock;
    private final Slots slots;
    private final AntiRollbackFloor floor;
    private final UpdateJournal journal;
    private final Path metadata;
    private final Path downloads;
    private boolean restartPending;

    /**
     * @param trustedRoot the TUF root shipped with the device or pinned at enrolment; once a newer root is verified it
     *     is kept in the state directory and used instead
     */
    public Updater(
            OtaSettings settings,
            byte[] trustedRoot,
            OtaRepository repository,
            HealthCheck health,
            UpdateListener listener,
            Clock clock) {
        this.settings = settings;
        this.trustedRoot = trustedRoot.clone();
        this.repository = repository;
        this.health = health;
        this.listener = listener;
        this.clock = clock;
        Path state = settings.stateDirectory();
        this.slots = new Slots(state);
        this.floor = new AntiRollbackFloor(state.resolve("ota").resolve("floor"));
        this.journal = new UpdateJournal(state.resolve("ota").resolve("journal"));
        this.metadata = state.resolve("ota").resolve("tuf");
        this.downloads = state.resolve("ota").resolve("downloads");
    }

    /** The A/B slots this updater installs into. */
    public Slots slots() {
        return slots;
    }

    /** The anti-rollback floor. */
    public long floor() throws IOException {
        return floor.current();
    }

    /**
     * Carries out {@code directive}. An update left on trial by a restart is finished first; one interrupted before
     * its trial is superseded (nothing of it was installed; its partial download stays for a directive naming the
     * same content). While a restart is required, every directive gets that answer again, and nothing is reported.
     */
    public synchronized UpdateOutcome apply(UpdateDirective directive) throws InterruptedException {
        try {
            Optional<PendingUpdate> pending = journal.load();
            if (pending.isPresent() && !restartPending) {
                switch (pending.get().phase()) {
                    case DOWNLOADING, INSTALLING -> journal.clear();
                    case TRIAL, GOOD, ROLLING_BACK -> finish(pending.get());
                }
            }
            Slot running = slots.active();
            if (restartPending) {
                // installed and active on trial, the restart not yet done: nothing more before the new image runs
                return new UpdateOutcome.RestartRequired(
                        TargetName.parse(
                                slots.target(running).orElse(directive.target().toString())),
                        running);
            }
            if (slots.target(running)
                    .filter(directive.target().toString()::equals)
                    .isPresent()) {
                report(directive, UpdateState.GOOD, Optional.empty());
                return new UpdateOutcome.Good(directive.target(), running, floor.current());
            }
        } catch (IOException e) {
            return refuse(directive, RefusalCodes.STORAGE_FAILED, "reading the update journal or slots failed: " + e);
        }
        report(directive, UpdateState.DOWNLOADING, Optional.empty());
        try {
            return run(directive);
        } catch (IOException e) {
            return refuse(directive, RefusalCodes.STORAGE_FAILED, e.toString());
        }
    }

    /**
     * After a restart: finishes the update the journal holds, if any. A trial is checked for health, or rolled back
     * when its deadline passed; a download or installation is run again.
     */
    public synchronized Optional<UpdateOutcome> resume() throws IOException, InterruptedException {
        Optional<PendingUpdate> pending = journal.load();
        if (pending.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(
                switch (pending.get().phase()) {
                    case DOWNLOADING, INSTALLING -> {
                        journal.clear();
                        yield apply(pending.get().directive());
                    }
                    case TRIAL, GOOD, ROLLING_BACK -> finish(pending.get());
                });
    }

    private UpdateOutcome run(UpdateDirective directive) throws IOException, InterruptedException {
        TargetName name = directive.target();
        if (!name.model().equals(settings.model()) || !name.hardwareRevision().equals(settings.hardwareRevision())) {
            return refuse(
                    directive,
                    RefusalCodes.NOT_FOR_THIS_DEVICE,
                    name + " is not for a " + settings.model() + " " + settings.hardwareRevision());
        }
        TufUpdater tuf =
                new TufUpdater(repository, new DirectoryMetadataStore(metadata), clock, settings.limits(), trustedRoot);
        if (tuf.refresh() instanceof UpdateResult.Refused refused) {
            return refuse(directive, RefusalCodes.of(refused.reason()), refused.detail());
        }
        TargetFile target;
        switch (tuf.findTarget(name.toString())) {
            case TargetLookup.Refused refused -> {
                return refuse(directive, RefusalCodes.of(refused.reason()), refused.detail());
            }
            case TargetLookup.Found found -> {
                if (!found.role().equals(name.tier().wireName())) {
                    return refuse(
                            directive,
                            RefusalCodes.WRONG_ROLE,
                            name + " is vouched for by role " + found.role() + ", not by the "
                                    + name.tier().wireName() + " role");
                }
                target = found.target();
            }
        }
        Optional<String> mismatch = customMismatch(directive, target.custom());
        if (mismatch.isPresent()) {
            return refuse(directive, RefusalCodes.TARGET_MISMATCH, name + ": " + mismatch.get());
        }
        long securityVersion = target.custom().get("securityVersion") instanceof Long signed ? signed : -1;
        long currentFloor = floor.current();
        if (securityVersion < currentFloor) {
            return refuse(
                    directive,
                    RefusalCodes.BELOW_FLOOR,
                    name + " has security version " + securityVersion + ", below this device's floor " + currentFloor);
        }
        if (target.length() > settings.maxImageLength()) {
            return refuse(
                    directive,
                    RefusalCodes.TOO_LARGE,
                    name + " has " + target.length() + " bytes; a slot holds " + settings.maxImageLength());
        }

        String sha256 = target.hashes().getOrDefault("sha256", "");
        if (!sha256.matches("[0-9a-f]{64}")) {
            return refuse(directive, RefusalCodes.TARGET_MISMATCH, name + " has no SHA-256 to fetch it by");
        }

        Slot previous = slots.active();
        PendingUpdate pending = new PendingUpdate(
                directive, PendingUpdate.Phase.DOWNLOADING, securityVersion, previous, Instant.EPOCH, "-");
        journal.save(pending);
        Files.createDirectories(downloads);
        Path partial = downloads.resolve(sha256 + ".partial");
        // a delta against the running image first; whatever goes wrong with it, the full image is downloaded instead
        BlobDownload fetched = new DeltaUpdate(repository).fetch(slots.image(previous), target, downloads);
        Optional<String> how = Optional.of(DELTA_APPLIED);
        if (fetched instanceof BlobDownload.Refused noDelta) {
            how = Optional.of(FULL_IMAGE + " (" + noDelta.code() + ": " + noDelta.detail() + ")");
            fetched = repository.download(target, partial);
        }
        switch (fetched) {
            case BlobDownload.Refused refused -> {
                journal.clear();
                return refuse(directive, refused.code(), refused.detail());
            }
            case BlobDownload.Verified verified -> {
                report(directive, UpdateState.DOWNLOADED, how);
                journal.save(pending.in(PendingUpdate.Phase.INSTALLING));
                report(directive, UpdateState.INSTALLING, Optional.empty());
                slots.install(previous.other(), verified.file(), name.toString());
                Files.deleteIfExists(verified.file());
            }
        }

        PendingUpdate trial = pending.trialUntil(clock.instant().plus(settings.trialWindow()));
        journal.save(trial);
        slots.activate(previous.other());
        report(directive, UpdateState.TRIAL, Optional.empty());
        if (settings.trialBoot() == TrialBoot.AFTER_RESTART) {
            restartPending = true;
            return new UpdateOutcome.RestartRequired(name, previous.other());
        }
        return finish(trial);
    }

    /** What {@code custom} says that does not fit the directive or this device, if anything. */
    private Optional<String> customMismatch(UpdateDirective directive, Map<String, Object> custom) {
        TargetName name = directive.target();
        Map<String, Object> expected = Map.of(
                "model", settings.model(),
                "hardwareRevision", settings.hardwareRevision(),
                "tier", name.tier().wireName(),
                "version", name.version(),
                "releaseId", directive.releaseId());
        for (Map.Entry<String, Object> field : expected.entrySet()) {
            Object signed = custom.get(field.getKey());
            if (!field.getValue().equals(signed)) {
                return Optional.of(
                        "the signed custom." + field.getKey() + " is " + signed + ", not " + field.getValue());
            }
        }
        if (!(custom.get("securityVersion") instanceof Long version) || version < 0) {
            return Optional.of("the signed metadata gives no security version");
        }
        return Optional.empty();
    }

    /** Takes a trial, a mark-good or a rollback to its end. */
    private UpdateOutcome finish(PendingUpdate pending) throws IOException, InterruptedException {
        return switch (pending.phase()) {
            case DOWNLOADING, INSTALLING -> throw new IllegalStateException("not installed yet: " + pending.phase());
            case TRIAL -> trial(pending);
            case GOOD -> markGood(pending);
            case ROLLING_BACK -> rollBack(pending);
        };
    }

    private UpdateOutcome trial(PendingUpdate pending) throws IOException, InterruptedException {
        Slot trialSlot = pending.previous().other();
        Duration left = Duration.between(clock.instant(), pending.deadline());
        if (slots.active() != trialSlot) {
            // stopped between the journal entry and the switch: the image is complete, switch now
            if (settings.trialBoot() == TrialBoot.AFTER_RESTART && left.isPositive()) {
                slots.activate(trialSlot);
                restartPending = true;
                return new UpdateOutcome.RestartRequired(pending.directive().target(), trialSlot);
            }
            slots.activate(trialSlot);
        }
        if (left.isNegative() || left.isZero()) {
            return rollBack(
                    pending.rollingBack(RefusalCodes.DEADLINE_PASSED + ": not marked good by " + pending.deadline()));
        }
        Optional<String> problem = healthProblem(trialSlot, pending.directive().target(), left);
        if (problem.isEmpty() && clock.instant().isAfter(pending.deadline())) {
            problem = Optional.of(RefusalCodes.DEADLINE_PASSED + ": healthy only after " + pending.deadline());
        }
        if (problem.isPresent()) {
            return rollBack(pending.rollingBack(problem.get()));
        }
        return markGood(pending.in(PendingUpdate.Phase.GOOD));
    }

    /** Why the trial is not healthy, or empty when it is. */
    private Optional<String> healthProblem(Slot slot, TargetName target, Duration left) throws InterruptedException {
        CompletableFuture<Boolean> verdict = new CompletableFuture<>();
        Thread check = Thread.ofVirtual().name("ota-health-check").start(() -> {
            try {
                verdict.complete(health.healthy(slot, target));
            } catch (Throwable failure) {
                verdict.completeExceptionally(failure);
            }
        });
        try {
            return verdict.get(left.toMillis(), TimeUnit.MILLISECONDS)
                    ? Optional.empty()
                    : Optional.of(RefusalCodes.HEALTH_CHECK_FAILED + ": the health check failed");
        } catch (TimeoutException e) {
            check.interrupt();
            return Optional.of(RefusalCodes.DEADLINE_PASSED + ": the health check did not pass in time");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            return Optional.of(RefusalCodes.HEALTH_CHECK_FAILED + ": " + e.getCause());
        }
    }

    private UpdateOutcome markGood(PendingUpdate good) throws IOException {
        journal.save(good);
        floor.raiseTo(good.securityVersion());
        journal.clear();
        report(good.directive(), UpdateState.GOOD, Optional.empty());
        return new UpdateOutcome.Good(good.directive().target(), good.previous().other(), good.securityVersion());
    }

    private UpdateOutcome rollBack(PendingUpdate rollingBack) throws IOException {
        journal.save(rollingBack);
        slots.activate(rollingBack.previous());
        journal.clear();
        report(rollingBack.directive(), UpdateState.ROLLED_BACK, Optional.of(rollingBack.reason()));
        return new UpdateOutcome.RolledBack(rollingBack.previous(), rollingBack.reason());
    }

    private UpdateOutcome refuse(UpdateDirective directive, String code, String detail) {
        report(directive, UpdateState.REFUSED, Optional.of(code + ": " + detail));
        return new UpdateOutcome.Refused(code, detail);
    }

    private void report(UpdateDirective directive, UpdateState state, Optional<String> reason) {
        try {
            listener.reported(UpdateStatus.of(directive, state, reason, clock.instant()));
        } catch (RuntimeException e) {
            // a report that cannot go out must not stop the update: the device's state is what counts
        }
    }
}
