package dev.palisade.agent;

import com.hivemq.client.mqtt.MqttClientSslConfig;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.lifecycle.MqttClientConnectedContext;
import com.hivemq.client.mqtt.lifecycle.MqttClientDisconnectedContext;
import com.hivemq.client.mqtt.lifecycle.MqttDisconnectSource;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import com.hivemq.client.mqtt.mqtt5.lifecycle.Mqtt5ClientConnectedContext;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.suback.Mqtt5SubAck;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.suback.Mqtt5SubAckReasonCode;
import dev.palisade.protocol.command.DeviceCommand;
import dev.palisade.protocol.ota.UpdateDirective;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * One device's MQTT life with an operational credential: MQTT 5 over TLS 1.3, its telemetry on its own topics, a
 * reconnect after a lost connection with exponential backoff and jitter, and the refused state: once the broker refuses
 * the credential (revoked, no longer allowed to connect) the agent stops publishing and stops reconnecting, and says
 * why to its {@link Listener}. A quarantined device (the broker says so, see {@code SessionSignals}) publishes nothing,
 * closes its session and checks back after a growing delay until it is released. A session the broker ends mid-way (reason "not authorized") is retried once the backoff
 * allows: the reconnect tells a revoked credential, refused at CONNACK or in TLS, from a session ended for one bad
 * publish.
 */
public final class DeviceAgent implements AutoCloseable {

    /** The longest first wait of a quarantined device before it checks back (full jitter, doubling to 30 minutes). */
    static final Duration QUARANTINE_FIRST_LOOK = Duration.ofSeconds(10);

    /** Hears of the agent's state changes. Called on the MQTT client's threads: return quickly. */
    public interface Listener {
        void changed(DeviceAgent agent, AgentState state, String why);
    }

    /**
     * An exchange with the server on topics of the device's own tree, such as its twin: the agent subscribes to its
     * filters on every connection (each starts clean), hands it what arrives on them, and tells it once they are in
     * place, so that it can publish what it has to say on that connection.
     */
    public interface Conversation {

        /** The topic filters to subscribe to, at QoS 1. */
        List<String> filters();

        /** A message on one of the filters. Called on the MQTT client's thread: return at once. */
        void received(String topic, byte[] payload);

        /**
         * The filters are subscribed on a new connection of {@code agent}, or at least one was refused ({@code granted}
         * false: the device's policy does not allow it). Called on the MQTT client's thread: return at once.
         */
        void listening(DeviceAgent agent, boolean granted);
    }

    /** Destroys the device's credentials where they are kept, when the server orders a wipe. */
    @FunctionalInterface
    public interface Wipe {
        void destroyCredentials() throws Exception;
    }

    private final String id;
    private final Mqtt5AsyncClient client;
    private final Backoff backoff;
    private volatile Backoff quarantineBackoff;
    private final Listener listener;
    private final Wipe wipe;
    private final @Nullable Consumer<UpdateDirective> updates;
    private final @Nullable Conversation conversation;
    private final AtomicReference<AgentState> state = new AtomicReference<>(AgentState.ENROLLED);
    private final CompletableFuture<Void> listening = new CompletableFuture<>();
    private final LongAdder acked = new LongAdder();
    private final LongAdder refused = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private volatile @Nullable String refusal;

    /** An agent that does not act on a wipe command beyond stopping (its caller keeps no credentials). */
    public DeviceAgent(String id, DeviceCredential credential, Endpoints endpoints, Listener listener) {
        this(id, credential, endpoints, listener, () -> {});
    }

    /**
     * An agent that subscribes to its wipe command ({@code devices/<id>/commands/wipe}) once connected and, when the
     * command comes, destroys its credentials with {@code wipe}, moves to {@link AgentState#WIPED} and never connects
     * again. The command is acknowledged (PUBACK) only after the credentials are gone: the server closes the session
     * once it has the acknowledgement.
     */
    public DeviceAgent(String id, DeviceCredential credential, Endpoints endpoints, Listener listener, Wipe wipe) {
        this(id, credential, endpoints, listener, wipe, null);
    }

    /**
     * An agent that also listens for update directives on {@code devices/<id>/ota/update} and hands each one it can
     * read to {@code updates} (which must return at once: it runs on the MQTT client's thread). A directive that does
     * not parse is dropped: it only says what to fetch, and the device verifies everything it installs anyway.
     */
    public DeviceAgent(
            String id,
            DeviceCredential credential,
            Endpoints endpoints,
            Listener listener,
            Wipe wipe,
            @Nullable Consumer<UpdateDirective> updates) {
        this(id, credential, endpoints, listener, wipe, updates, null);
    }

    /**
     * An agent that also holds {@code conversation} with the server (the device's twin) on every connection: it
     * subscribes to the conversation's filters and tells it once they are in place.
     */
    public DeviceAgent(
            String id,
            DeviceCredential credential,
            Endpoints endpoints,
            Listener listener,
            Wipe wipe,
            @Nullable Consumer<UpdateDirective> updates,
            @Nullable Conversation conversation) {
        this.id = id;
        this.conversation = conversation;
        this.listener = listener;
        this.wipe = wipe;
        this.updates = updates;
        this.backoff = new Backoff(Duration.ofMillis(500), Duration.ofMinutes(2));
        this.quarantineBackoff = new Backoff(QUARANTINE_FIRST_LOOK, Duration.ofMinutes(30));
        this.client = Mqtt5Client.builder()
                .identifier(id)
                .serverHost(endpoints.host())
                .serverPort(endpoints.mqttPort())
                .sslConfig(MqttClientSslConfig.builder()
                        .keyManagerFactory(Tls.keyFactory(credential))
                        .trustManagerFactory(Tls.trustFactory(endpoints.root()))
                        .protocols(List.of("TLSv1.3"))
                        .build())
                .addConnectedListener(this::connected)
                .addDisconnectedListener(this::disconnected)
                .buildAsync();
    }

    public String id() {
        return id;
    }

    public AgentState state() {
        return state.get();
    }

    /** Why the broker refused this device, once it has. */
    public Optional<String> refusal() {
        return Optional.ofNullable(refusal);
    }

    /** Connects; the future fails if the first attempt does (the agent keeps retrying unless it was refused). */
    public CompletableFuture<?> connect() {
        return client.connectWith().cleanStart(true).keepAlive(60).send();
    }

    /**
     * Publishes a measurement on {@code devices/<id>/telemetry/<channel>} at QoS 1. Nothing is sent while the agent is
     * not connected: a refused device stays silent.
     */
    public CompletableFuture<Outcome> publishTelemetry(String channel, byte[] payload) {
        if (state.get() != AgentState.CONNECTED) {
            return CompletableFuture.completedFuture(Outcome.FAILED);
        }
        return publish("devices/" + id + "/telemetry/" + channel, payload).whenComplete((outcome, failure) -> {
            switch (outcome) {
                case ACCEPTED -> acked.increment();
                case REFUSED, RATE_LIMITED -> refused.increment();
                case FAILED -> failed.increment();
                case null -> failed.increment();
            }
        });
    }

    /** Publishes to any topic at QoS 1: what a misbehaving or compromised device would try. */
    public CompletableFuture<Outcome> publish(String topic, byte[] payload) {
        return client.publishWith()
                .topic(topic)
                .qos(MqttQos.AT_LEAST_ONCE)
                .payload(payload)
                .send()
                .handle((result, failure) -> {
                    Throwable refusal =
                            failure != null ? failure : result.getError().orElse(null);
                    // the first refusal tells; those of publishes already in flight add nothing
                    if (Refusals.quarantined(refusal) && state.get() == AgentState.CONNECTED) {
                        quarantined("the broker refused a publish: the device is quarantined");
                    }
                    return outcome(refusal);
                });
    }

    /**
     * Quarantined: publishes nothing more and closes the session (the disconnect schedules the next look, {@link
     * #disconnected}) rather than have message after message refused. Each look that finds the device still
     * quarantined is told to the listener too.
     */
    private void quarantined(String why) {
        AgentState before = state.get();
        move(AgentState.QUARANTINED, why);
        if (state.get() != AgentState.QUARANTINED) {
            return; // stopped, refused or wiped meanwhile
        }
        if (before == AgentState.QUARANTINED) {
            listener.changed(this, AgentState.QUARANTINED, why);
        }
        client.disconnect();
    }

    /**
     * How soon a quarantined device first checks back whether it was released ({@link #QUARANTINE_FIRST_LOOK} unless
     * set here); each further look waits up to twice as long, to at most 30 minutes.
     */
    public DeviceAgent checkBackAfterQuarantine(Duration first) {
        quarantineBackoff = new Backoff(first, Duration.ofMinutes(30));
        return this;
    }

    /** Subscribes to {@code filter}; what the broker granted or refused. */
    public CompletableFuture<Outcome> subscribe(String filter) {
        return client.subscribeWith()
                .topicFilter(filter)
                .qos(MqttQos.AT_LEAST_ONCE)
                .callback(publish -> {})
                .send()
                .handle((subAck, failure) -> failure != null ? outcome(failure) : granted(subAck));
    }

    /**
     * Completes once the agent first listens for its wipe command and, when it takes update directives or holds a
     * conversation, for those too, after it connected: from then on nothing the server sends it is lost.
     */
    public CompletableFuture<Void> listening() {
        return listening;
    }

    // every connection starts clean: the subscriptions are made again after each one
    private CompletableFuture<?> listenForWipe() {
        return client.subscribeWith()
                .topicFilter(wipeTopic())
                .qos(MqttQos.AT_LEAST_ONCE)
                .callback(this::commanded)
                .send();
    }

    private CompletableFuture<?> listenForUpdates() {
        Consumer<UpdateDirective> handler = updates;
        if (handler == null) {
            return CompletableFuture.completedFuture(null);
        }
        String topic = UpdateDirective.topic(id);
        return client.subscribeWith()
                .topicFilter(topic)
                .qos(MqttQos.AT_LEAST_ONCE)
                .callback(publish -> {
                    if (publish.getTopic().toString().equals(topic)) {
                        directed(publish.getPayloadAsBytes(), handler);
                    }
                })
                .send();
    }

    /** Subscribes to the conversation's filters; completes (never exceptionally) once the broker answered. */
    private CompletableFuture<?> converse() {
        Conversation talk = conversation;
        if (talk == null) {
            return CompletableFuture.completedFuture(null);
        }
        List<CompletableFuture<Boolean>> subscriptions = talk.filters().stream()
                .map(filter -> client.subscribeWith()
                        .topicFilter(filter)
                        .qos(MqttQos.AT_LEAST_ONCE)
                        .callback(publish -> talk.received(publish.getTopic().toString(), publish.getPayloadAsBytes()))
                        .send()
                        .handle((subAck, failure) -> failure == null && granted(subAck) == Outcome.ACCEPTED))
                .toList();
        return CompletableFuture.allOf(subscriptions.toArray(CompletableFuture[]::new))
                .thenRun(() -> talk.listening(this, subscriptions.stream().allMatch(CompletableFuture::join)));
    }

    private static void directed(byte[] payload, Consumer<UpdateDirective> handler) {
        UpdateDirective directive;
        try {
            directive = UpdateDirective.parse(payload);
        } catch (IllegalArgumentException unreadable) {
            return;
        }
        handler.accept(directive);
    }

    private String wipeTopic() {
        return "devices/" + id + "/commands/" + DeviceCommand.WIPE;
    }

    /**
     * Runs on the client's thread before the PUBACK goes out, so the acknowledgement means the credentials are gone. A
     * malformed command is ignored: only the server can publish on this topic, and a device that cannot read the order
     * keeps working rather than destroying itself on a garbled message.
     */
    private void commanded(Mqtt5Publish publish) {
        if (!publish.getTopic().toString().equals(wipeTopic())) {
            return;
        }
        Optional<DeviceCommand> command = DeviceCommand.parse(publish.getPayloadAsBytes());
        if (command.isEmpty() || !command.get().command().equals(DeviceCommand.WIPE)) {
            return;
        }
        String commandId = command.get().commandId();
        AgentState before = state.getAndSet(AgentState.WIPED);
        if (before == AgentState.WIPED) {
            return;
        }
        String why = "wiped by command " + commandId;
        try {
            wipe.destroyCredentials();
        } catch (Exception e) {
            why = why + "; destroying the credentials failed: " + e.getMessage();
        }
        listener.changed(this, AgentState.WIPED, why);
    }

    /** Measurements the broker acknowledged, refused, or that did not get through. */
    public long acknowledged() {
        return acked.sum();
    }

    public long refusedPublishes() {
        return refused.sum();
    }

    public long failedPublishes() {
        return failed.sum();
    }

    /** Disconnects and stops; no reconnect follows. */
    @Override
    public void close() {
        stop("stopped");
    }

    /** Disconnects and stops, telling the listener {@code why}; no reconnect follows. */
    public void stop(String why) {
        move(AgentState.STOPPED, why);
        try {
            client.disconnect().get(5, TimeUnit.SECONDS);
        } catch (Exception notConnected) {
            // already gone: stopping is all that was asked
        }
    }

    private void connected(MqttClientConnectedContext context) {
        backoff.reset();
        if (terminal(state.get())) { // stopped while a reconnect was pending: it must not linger
            client.disconnect();
            return;
        }
        if (context instanceof Mqtt5ClientConnectedContext mqtt5 && Refusals.quarantined(mqtt5.getConnAck())) {
            quarantined(
                    state.get() == AgentState.QUARANTINED
                            ? "the broker says the device is still quarantined"
                            : "the broker says the device is quarantined");
            return;
        }
        quarantineBackoff.reset();
        move(AgentState.CONNECTED, "connected");
        CompletableFuture.allOf(listenForWipe(), listenForUpdates(), converse())
                .thenRun(() -> listening.complete(null));
    }

    private void disconnected(MqttClientDisconnectedContext context) {
        AgentState now = state.get();
        if (now == AgentState.QUARANTINED) {
            // checks back later: the CONNACK says whether the device was released meanwhile
            Duration delay = quarantineBackoff.next();
            context.getReconnector().reconnect(true).delay(delay.toMillis(), TimeUnit.MILLISECONDS);
            listener.changed(this, AgentState.QUARANTINED, "checking back in " + delay.toMillis() + " ms");
            return;
        }
        if (now == AgentState.STOPPED
                || now == AgentState.REFUSED
                || now == AgentState.WIPED
                || context.getSource() == MqttDisconnectSource.USER) {
            context.getReconnector().reconnect(false);
            return;
        }
        Optional<String> refused = Refusals.credentialRefused(context.getCause());
        if (refused.isPresent()) {
            refusal = refused.get();
            context.getReconnector().reconnect(false);
            move(AgentState.REFUSED, refused.get());
            return;
        }
        Duration delay = backoff.next();
        context.getReconnector().reconnect(true).delay(delay.toMillis(), TimeUnit.MILLISECONDS);
        String cause = Refusals.disconnectReason(context.getCause())
                .map(reason -> "disconnected by the broker: " + reason.name().toLowerCase(Locale.ROOT))
                .orElseGet(() -> "connection lost: " + context.getCause().getMessage());
        move(AgentState.BACKING_OFF, cause + "; retrying in " + delay.toMillis() + " ms");
    }

    private void move(AgentState next, String why) {
        AgentState before = state.getAndUpdate(current -> terminal(current) ? current : next);
        if (!terminal(before) && before != next) {
            listener.changed(this, next, why);
        }
    }

    private static boolean terminal(AgentState state) {
        return state == AgentState.STOPPED || state == AgentState.REFUSED || state == AgentState.WIPED;
    }

    private static Outcome outcome(@Nullable Throwable failure) {
        if (failure == null) {
            return Outcome.ACCEPTED;
        }
        if (Refusals.notAuthorized(failure)) {
            return Outcome.REFUSED;
        }
        return Refusals.overQuota(failure) ? Outcome.RATE_LIMITED : Outcome.FAILED;
    }

    private static Outcome granted(Mqtt5SubAck subAck) {
        if (subAck.getReasonCodes().contains(Mqtt5SubAckReasonCode.NOT_AUTHORIZED)) {
            return Outcome.REFUSED;
        }
        return subAck.getReasonCodes().stream().anyMatch(Mqtt5SubAckReasonCode::isError)
                ? Outcome.FAILED
                : Outcome.ACCEPTED;
    }
}
