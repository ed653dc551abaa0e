package dev.palisade.agent.cli;

import dev.palisade.agent.DeviceAgent;
import dev.palisade.agent.DeviceCredential;
import dev.palisade.agent.Endpoints;
import dev.palisade.agent.Outcome;
import dev.palisade.agent.ota.DirectedUpdates;
import dev.palisade.agent.ota.HttpsRepository;
import dev.palisade.agent.ota.MqttStatusReporter;
import dev.palisade.agent.ota.Slot;
import dev.palisade.agent.ota.Slots;
import dev.palisade.agent.ota.UpdateOutcome;
import dev.palisade.agent.ota.Updater;
import dev.palisade.protocol.ota.UpdateDirective;
import dev.palisade.protocol.ota.UpdateStatus;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.IntConsumer;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * {@code run}'s updates: the {@link Updater} (its trial after a restart, {@code TrialBoot.AFTER_RESTART}) behind the
 * session's update directives, each status published on the device's status topic and printed. The slot active when
 * {@code run} started is the one it runs from; as soon as an update leaves another slot active (installed on trial, or
 * rolled back after a failed trial) {@code run} must end so that the service manager starts it again from the active
 * slot: {@code restart} is told {@link AgentMain#RESTART}.
 */
final class RunUpdates implements Consumer<UpdateDirective>, AutoCloseable {

    private final Updater updater;
    private final DirectedUpdates directed;
    private final Slot booted;
    private final PrintWriter printed;
    private final IntConsumer restart;
    private final AtomicReference<CompletableFuture<Outcome>> lastReport =
            new AtomicReference<>(CompletableFuture.completedFuture(Outcome.ACCEPTED));

    RunUpdates(
            OtaOptions options,
            String deviceId,
            Endpoints endpoints,
            Supplier<@Nullable DeviceCredential> credential,
            Supplier<@Nullable DeviceAgent> agent,
            PrintWriter printed,
            IntConsumer restart)
            throws IOException {
        this.printed = printed;
        this.restart = restart;
        var reporter = new MqttStatusReporter(deviceId, (topic, payload) -> {
            DeviceAgent current = agent.get();
            CompletableFuture<Outcome> sent = current == null
                    ? CompletableFuture.completedFuture(Outcome.FAILED)
                    : current.publish(topic, payload);
            lastReport.set(sent);
            return sent;
        });
        var settings = options.settings();
        this.updater = new Updater(
                settings,
                options.trustedRoot(),
                HttpsRepository.of(endpoints, () -> {
                    DeviceCredential current = credential.get();
                    if (current == null) {
                        throw new IllegalStateException("no credential to download with");
                    }
                    return current;
                }),
                new SessionHealth(agent, new Slots(settings.stateDirectory()), options.healthCheck),
                status -> {
                    reporter.reported(status);
                    print(status);
                },
                Clock.systemUTC());
        this.booted = updater.slots().active();
        this.directed = new DirectedUpdates(updater, this::ended);
    }

    /** The slot this run started from. */
    Slot booted() {
        return booted;
    }

    /** Finishes what a restart interrupted (a trial is checked now); the future holds its outcome, if any. */
    Future<Optional<UpdateOutcome>> start() {
        return directed.start();
    }

    @Override
    public void accept(UpdateDirective directive) {
        directed.accept(directive);
    }

    private void ended(UpdateOutcome outcome) {
        String line = switch (outcome) {
            case UpdateOutcome.Good good ->
                "update " + good.target() + " is good in slot " + good.slot().fileName();
            case UpdateOutcome.RolledBack rolledBack ->
                "update rolled back to slot " + rolledBack.slot().fileName() + ": " + rolledBack.reason();
            case UpdateOutcome.Refused refused -> "update refused: " + refused.code() + ": " + refused.detail();
            case UpdateOutcome.RestartRequired restartRequired ->
                "update " + restartRequired.target() + " installed in slot "
                        + restartRequired.slot().fileName() + " on trial";
        };
        printed.println(line);
        printed.flush();
        Slot active;
        try {
            active = updater.slots().active();
        } catch (IOException e) {
            active = booted;
        }
        if (active != booted) {
            printed.printf(
                    Locale.ROOT,
                    "slot %s is active, this run is from slot %s: restarting (exit code %d)%n",
                    active.fileName(),
                    booted.fileName(),
                    AgentMain.RESTART);
            printed.flush();
            restart.accept(AgentMain.RESTART);
        }
    }

    private void print(UpdateStatus status) {
        printed.printf(
                Locale.ROOT,
                "update %s: %s%s%n",
                status.releaseId(),
                status.state().wireName(),
                status.reason().map(reason -> " (" + reason + ")").orElse(""));
        printed.flush();
    }

    /** Waits a little for the last status to reach the broker, then stops; an update under way resumes next time. */
    @Override
    public void close() {
        try {
            lastReport.get().get(10, TimeUnit.SECONDS);
        } catch (Exception notDelivered) {
            // the status is lost; the server learns the state from the next one
        }
        directed.close();
    }
}
