package dev.palisade.agent.ota;

import dev.palisade.protocol.ota.UpdateDirective;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * Takes directives as they arrive over MQTT and runs them one after the other on a thread of their own, so that the
 * MQTT client's threads never wait for a download or a trial boot. {@link #start()} first finishes what a restart
 * interrupted.
 */
public final class DirectedUpdates implements Consumer<UpdateDirective>, AutoCloseable {

    private final Updater updater;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(
            Thread.ofVirtual().name("ota-updates").factory());

    public DirectedUpdates(Updater updater) {
        this.updater = updater;
    }

    /** Finishes, in the background, an update a restart interrupted. */
    public Future<?> start() {
        return worker.submit(() -> {
            updater.resume();
            return null;
        });
    }

    /** Queues {@code directive}; returns at once. */
    @Override
    public void accept(UpdateDirective directive) {
        worker.submit(() -> updater.apply(directive));
    }

    /** Queues {@code directive}, for callers that wait for its outcome. */
    public Future<UpdateOutcome> submit(UpdateDirective directive) {
        return worker.submit(() -> updater.apply(directive));
    }

    /** Stops taking directives; an update under way is interrupted and resumed at the next start. */
    @Override
    public void close() {
        worker.shutdownNow();
    }
}
