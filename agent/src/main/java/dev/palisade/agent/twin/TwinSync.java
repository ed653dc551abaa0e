package dev.palisade.agent.twin;

import dev.palisade.agent.DeviceAgent;
import dev.palisade.agent.Outcome;
import dev.palisade.protocol.twin.DesiredState;
import dev.palisade.protocol.twin.ReportedState;
import dev.palisade.protocol.twin.TwinRequest;
import dev.palisade.protocol.twin.TwinResponse;
import dev.palisade.protocol.twin.TwinState;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * A device's twin, kept in step with the server over its MQTT sessions. On every connection it listens on {@code
 * devices/<id>/twin/desired} and {@code devices/<id>/twin/get/response}, publishes the last report again if the broker
 * has not taken it yet (a restarted device, or a report lost with a connection), and asks for the current desired
 * state on {@code devices/<id>/twin/get}. A desired document, published or in an answer, is applied only if its version
 * is above the one applied last: older or equal versions are stale retained messages, duplicates or answers overtaken
 * by a newer document, and change nothing. The {@link Application} turns the desired state into the state the device
 * reports; the report, with the version applied, is kept in the {@link TwinStore} and then published at QoS 1. The
 * application reports changes of its own through {@link #report(TwinState)}.
 *
 * <p>Everything runs on one thread of the twin's own, in the order it arrived, never on the MQTT client's threads; the
 * application is called there, one document at a time. A crash between applying a document and keeping the report
 * applies it again after the restart: the application should apply a state, not an increment.
 */
public final class TwinSync implements DeviceAgent.Conversation, AutoCloseable {

    /** Applies what the server wants. */
    @FunctionalInterface
    public interface Application {

        /**
         * Applies {@code desired} and returns the device's whole state now, which it reports. Throwing refuses the
         * document: nothing is kept or reported, and the same version is offered again at the next connection.
         */
        TwinState apply(DesiredState desired) throws Exception;
    }

    /** Hears what the twin does; called on the twin's thread, or the MQTT client's for publish outcomes. */
    public interface Listener {

        /** Asked for the desired state on a new connection; {@code appliedVersion} is the version applied so far. */
        default void asked(long appliedVersion) {}

        default void applied(DesiredState desired, ReportedState reported) {}

        /** A document whose version is not above {@code appliedVersion}: stale, or a duplicate. */
        default void ignored(DesiredState desired, long appliedVersion) {}

        /** The application refused the document. */
        default void refused(DesiredState desired, Exception why) {}

        /** A message on a twin topic that is not a twin document (it is dropped). */
        default void unreadable(String topic, String why) {}

        /** What became of a report. */
        default void reported(ReportedState reported, Outcome outcome) {}

        /** The device's policy does not allow its twin topics: nothing is asked or reported on this connection. */
        default void unavailable() {}

        /** A report could not be kept in the store; it is published all the same. */
        default void notKept(ReportedState reported, IOException why) {}
    }

    /** Publishes at QoS 1: {@code DeviceAgent::publish}. */
    @FunctionalInterface
    public interface Publisher {
        CompletableFuture<Outcome> publish(String topic, byte[] payload);
    }

    private final String deviceId;
    private final TwinStore store;
    private final Application application;
    private final Listener listener;
    private final Executor worker;
    private final @Nullable ExecutorService ownWorker;

    // confined to the worker
    private ReportedState current;
    private boolean reportPending;
    private long reportSequence;
    private @Nullable Publisher publisher;

    private volatile ReportedState visible;

    /**
     * A twin that starts from what {@code store} kept (or from version 0 and an empty state).
     *
     * @throws IOException when the store cannot be read
     */
    public TwinSync(String deviceId, TwinStore store, Application application, Listener listener) throws IOException {
        this(deviceId, store, application, listener, null);
    }

    /** A twin that works on {@code worker} (one task at a time, in order), or on a thread of its own when null. */
    TwinSync(String deviceId, TwinStore store, Application application, Listener listener, @Nullable Executor worker)
            throws IOException {
        this.deviceId = deviceId;
        this.store = store;
        this.application = application;
        this.listener = listener;
        if (worker == null) {
            ExecutorService own = Executors.newSingleThreadExecutor(
                    Thread.ofVirtual().name("twin-" + deviceId).factory());
            this.ownWorker = own;
            this.worker = own;
        } else {
            this.ownWorker = null;
            this.worker = worker;
        }
        Optional<ReportedState> kept = store.load();
        this.current = kept.orElse(ReportedState.initial());
        this.visible = current;
        // what a previous run kept may not have reached the server: report it again on the first connection
        this.reportPending = kept.isPresent();
    }

    /** The version of the desired state applied last; 0 for none. */
    public long appliedVersion() {
        return visible.desiredVersion();
    }

    /** The state reported last (or to be reported at the next connection), with the version applied. */
    public ReportedState reported() {
        return visible;
    }

    /**
     * Reports a change of the device's own: {@code state} becomes the whole reported state, with the version applied
     * so far. Kept, then published if a session is up (else at the next connection). The future holds what became of
     * the publish.
     */
    public CompletableFuture<Outcome> report(TwinState state) {
        CompletableFuture<Outcome> result = new CompletableFuture<>();
        boolean accepted = submit(() -> {
            record(new ReportedState(current.desiredVersion(), state));
            publishReport()
                    .whenComplete((outcome, failure) -> result.complete(outcome == null ? Outcome.FAILED : outcome));
        });
        if (!accepted) {
            result.complete(Outcome.FAILED);
        }
        return result;
    }

    @Override
    public List<String> filters() {
        return List.of(DesiredState.topic(deviceId), TwinResponse.topic(deviceId));
    }

    @Override
    public void received(String topic, byte[] payload) {
        byte[] copy = payload.clone();
        submit(() -> handle(topic, copy));
    }

    @Override
    public void listening(DeviceAgent agent, boolean granted) {
        connected(agent::publish, granted);
    }

    /** A new connection publishes through {@code through}; its twin topics are subscribed, or refused. */
    void connected(Publisher through, boolean granted) {
        submit(() -> {
            publisher = through;
            if (!granted) {
                listener.unavailable();
                return;
            }
            if (reportPending) {
                publishReport();
            }
            through.publish(
                    TwinRequest.topic(deviceId),
                    new TwinRequest(UUID.randomUUID().toString()).toBytes());
            listener.asked(current.desiredVersion());
        });
    }

    /** Stops the twin's thread; what was kept stays kept. */
    @Override
    public void close() {
        ExecutorService own = ownWorker;
        if (own == null) {
            return;
        }
        own.shutdown();
        try {
            own.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void handle(String topic, byte[] payload) {
        try {
            if (topic.equals(DesiredState.topic(deviceId))) {
                offer(DesiredState.parse(payload));
            } else if (topic.equals(TwinResponse.topic(deviceId))) {
                TwinResponse.parse(payload).desired().ifPresent(this::offer);
            }
        } catch (IllegalArgumentException unreadable) {
            listener.unreadable(topic, String.valueOf(unreadable.getMessage()));
        }
    }

    private void offer(DesiredState desired) {
        long applied = current.desiredVersion();
        if (!desired.isNewerThan(applied)) {
            listener.ignored(desired, applied);
            return;
        }
        TwinState state;
        try {
            state = application.apply(desired);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            listener.refused(desired, e);
            return;
        } catch (Exception e) {
            listener.refused(desired, e);
            return;
        }
        record(new ReportedState(desired.version(), state));
        listener.applied(desired, current);
        publishReport();
    }

    /** The new report becomes current and is kept before anything is published. */
    private void record(ReportedState next) {
        current = next;
        visible = next;
        reportPending = true;
        try {
            store.save(next);
        } catch (IOException e) {
            listener.notKept(next, e);
        }
    }

    private CompletableFuture<Outcome> publishReport() {
        Publisher through = publisher;
        ReportedState report = current;
        long sequence = ++reportSequence;
        if (through == null) {
            // no session yet: the next connection reports it
            return CompletableFuture.completedFuture(Outcome.FAILED);
        }
        CompletableFuture<Outcome> sent = through.publish(ReportedState.topic(deviceId), report.toBytes())
                .handle((outcome, failure) -> failure != null || outcome == null ? Outcome.FAILED : outcome);
        sent.thenAccept(outcome -> {
            listener.reported(report, outcome);
            if (outcome == Outcome.ACCEPTED) {
                submit(() -> {
                    if (sequence == reportSequence) {
                        reportPending = false;
                    }
                });
            }
        });
        return sent;
    }

    /** Runs {@code task} on the twin's thread; false once the twin is closed. */
    private boolean submit(Runnable task) {
        try {
            worker.execute(task);
            return true;
        } catch (RejectedExecutionException closed) {
            return false;
        }
    }
}
