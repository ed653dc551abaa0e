package dev.palisade.agent.ota;

import dev.palisade.protocol.ota.UpdateDirective;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;

/**
 * Takes directives as they arrive over MQTT and runs them one after the other on a thread of their own, so that the
 * MQTT client's threads never wait for a download or a trial boot. {@link #start()} first finishes what a restart
 * interrupted. Each outcome, the resumed one included, goes to the {@code outcomes} consumer: where a device learns
 * that it must restart into another slot.
 */
public final class DirectedUpdates implements Consumer<UpdateDirective>, AutoCloseable {

    private final Updater updater;
    private final Consumer<UpdateOutcome> outcomes;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(
            Thread.ofVirtual().name("ota-updates").factory());

    public DirectedUpdates(Updater updater) {
        this(updater, outcome -> {});
    }

    /** @param outcomes hears how each update ended; called on the updates' thread */
    public DirectedUpdates(Updater updater, Consumer<UpdateOutcome> outcomes) {
        this.updater = updater;
        this.outcomes = outcomes;
    }

    /** Finishes, in the background, an update a restart interrupted; the future holds its outcome, if there was one. */
    public Future<Optional<UpdateOutcome>> start() {
        return worker.submit(() -> {
            Optional<UpdateOutcome> resumed = updater.resume();
            resumed.ifPresent(outcomes);
            return resumed;
        });
    }

    /** Queues {@code directive}; returns at once. Once closed, directives are dropped: the server offers again. */
    @Override
    public void accept(UpdateDirective directive) {
        try {
            submit(directive);
        } catch (RejectedExecutionException closed) {
            // stopping: an offer not taken now is offered again or times out on the server
        }
    }

    /** Queues {@code directive}, for callers that wait for its outcome. */
    public Future<UpdateOutcome> submit(UpdateDirective directive) {
        return worker.submit(() -> {
            UpdateOutcome outcome = updater.apply(directive);
            outcomes.accept(outcome);
            return outcome;
        });
    }

    /** Stops taking directives; an update under way is interrupted and resumed at the next start. */
    @Override
    public void close() {
        worker.shutdownNow();
    }
}
