package dev.palisade.broker.internal;

import com.hivemq.extension.sdk.api.ExtensionMain;
import com.hivemq.extension.sdk.api.events.client.ClientLifecycleEventListener;
import com.hivemq.extension.sdk.api.events.client.parameters.AuthenticationSuccessfulInput;
import com.hivemq.extension.sdk.api.events.client.parameters.ConnectionStartInput;
import com.hivemq.extension.sdk.api.events.client.parameters.DisconnectEventInput;
import com.hivemq.extension.sdk.api.packets.disconnect.DisconnectReasonCode;
import com.hivemq.extension.sdk.api.packets.general.Qos;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartOutput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopOutput;
import com.hivemq.extension.sdk.api.services.Services;
import com.hivemq.extension.sdk.api.services.builder.Builders;
import com.hivemq.extension.sdk.api.services.publish.Publish;
import com.hivemq.extension.sdk.api.services.publish.PublishService;
import com.hivemq.extension.sdk.api.services.publish.PublishToClientResult;
import com.hivemq.extension.sdk.api.services.session.ClientService;
import com.hivemq.extension.sdk.api.services.subscription.SubscriptionStore;
import com.hivemq.extension.sdk.api.services.subscription.TopicSubscription;
import dev.palisade.broker.PublishRateExceeded;
import dev.palisade.shared.TenantId;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * Palisade's extension, loaded into the embedded broker in-process: authenticates every CONNECT by its certificate,
 * keeps the register of connected devices, holds each to its publish rate, and carries devices' first contacts to the
 * feature that decides them.
 */
public final class PalisadeExtension implements ExtensionMain {

    private final DeviceAuthenticator authenticator;
    private final ConnectedDevices sessions;
    private final DeviceInbox inbox;
    private final BootstrapRequests bootstrapRequests;
    private final CommandReceipts receipts = new CommandReceipts();
    private final PublishRateGuard rateGuard;
    private volatile @Nullable ClientService clients;
    private volatile @Nullable PublishService publishing;
    private volatile @Nullable SubscriptionStore subscriptions;

    public PalisadeExtension(
            DeviceAuthenticator authenticator,
            ConnectedDevices sessions,
            DeviceInbox inbox,
            BootstrapGate bootstrap,
            Duration acknowledgement,
            RateReporting rates) {
        this.authenticator = authenticator;
        this.sessions = sessions;
        this.inbox = inbox;
        this.bootstrapRequests = new BootstrapRequests(bootstrap, sessions, this, acknowledgement);
        this.rateGuard =
                new PublishRateGuard(sessions, this, rates.reports(), rates.ticker(), rates.clock(), rates.holdOff());
    }

    /**
     * Where the publish rate's episodes are reported, and the clocks it is decided on.
     *
     * @param ticker a monotonic clock in nanoseconds
     * @param holdOff how long a device cut off for its rate may not reconnect
     */
    public record RateReporting(
            Consumer<PublishRateExceeded> reports, LongSupplier ticker, Clock clock, Duration holdOff) {}

    @Override
    public void extensionStart(ExtensionStartInput input, ExtensionStartOutput output) {
        // HiveMQ's service locator is one per JVM and follows the broker that started last: keep this broker's own
        clients = Services.clientService();
        publishing = Services.publishService();
        subscriptions = Services.subscriptionStore();
        var identification = new ConnectIdentification(authenticator);
        authenticator.decidedBy(identification);
        Services.interceptorRegistry().setConnectInboundInterceptorProvider(provider -> identification);
        Services.securityRegistry().setAuthenticatorProvider(provider -> authenticator);
        var authorizer = new PolicyAuthorizer(sessions, inbox, bootstrapRequests);
        Services.securityRegistry().setAuthorizerProvider(provider -> authorizer);
        var guard = new TopicGuard(sessions);
        Services.initializerRegistry().setClientInitializer((initializer, client) -> {
            // the rate first: a PUBLISH over it costs nothing more
            client.addPublishInboundInterceptor(rateGuard);
            client.addPublishInboundInterceptor(guard);
            client.addSubscribeInboundInterceptor(guard);
            client.addUnsubscribeInboundInterceptor(guard);
            client.addPublishOutboundInterceptor(guard);
            client.addPublishOutboundInterceptor(receipts);
            client.addPubackInboundInterceptor(receipts);
        });
        Services.eventRegistry().setClientLifecycleEventListener(provider -> new SessionEnds());
    }

    /**
     * Publishes {@code payload} to {@code topic} in {@code tenant}'s tree, as Palisade itself (commands, twin updates):
     * at least once, and delivered to each subscriber only as its policy allows.
     */
    public CompletableFuture<Void> publish(TenantId tenant, String topic, byte[] payload) {
        return requireStarted(publishing)
                .publish(Builders.publish()
                        .topic(TopicMount.of(tenant).mount(topic))
                        .qos(Qos.AT_LEAST_ONCE)
                        .payload(ByteBuffer.wrap(payload.clone()))
                        .build());
    }

    /**
     * Publishes to the session of {@code clientId} alone (and only if it subscribed to the topic), as Palisade itself;
     * the topic is the broker's (mounted).
     */
    CompletableFuture<PublishToClientResult> publishTo(String clientId, Publish publish) {
        return requireStarted(publishing).publishToClient(publish, clientId);
    }

    /** Closes the session of {@code clientId} normally, without its will: its work is done. */
    CompletableFuture<Boolean> close(String clientId, String reason) {
        return requireStarted(clients)
                .disconnectClient(clientId, true, DisconnectReasonCode.NORMAL_DISCONNECTION, reason);
    }

    /** Follows commands sent to sessions until their devices acknowledge them. */
    public CommandReceipts receipts() {
        return receipts;
    }

    /**
     * Closes the session of {@code clientId} (the broker's tenant-qualified id) with MQTT 5 reason "not authorized",
     * without publishing its will: a device that may no longer connect must not speak once more as it leaves.
     */
    public CompletableFuture<Boolean> disconnect(String clientId, String reason) {
        return requireStarted(clients).disconnectClient(clientId, true, DisconnectReasonCode.NOT_AUTHORIZED, reason);
    }

    /**
     * Closes the session of {@code clientId} with MQTT 5 reason 0x96 "message rate too high", without its will: it kept
     * publishing faster than its limit. An MQTT 3.1.1 client's connection is closed without a reason.
     */
    CompletableFuture<Boolean> disconnectForRate(String clientId) {
        return requireStarted(clients)
                .disconnectClient(clientId, true, DisconnectReasonCode.MESSAGE_RATE_TOO_HIGH, PublishRateGuard.REASON);
    }

    /** The topic filters the session of {@code clientId} subscribes to, as the broker holds them (mounted). */
    public CompletableFuture<Set<String>> subscriptions(String clientId) {
        return requireStarted(subscriptions)
                .getSubscriptions(clientId)
                .thenApply(found ->
                        found.stream().map(TopicSubscription::getTopicFilter).collect(Collectors.toSet()));
    }

    /** Removes subscriptions of {@code clientId}, named by their filters as the broker holds them. */
    public CompletableFuture<Void> unsubscribe(String clientId, Set<String> filters) {
        return requireStarted(subscriptions).removeSubscriptions(clientId, filters);
    }

    private static <T> T requireStarted(@Nullable T service) {
        if (service == null) {
            throw new IllegalStateException("the broker's extension has not started");
        }
        return service;
    }

    @Override
    public void extensionStop(ExtensionStopInput input, ExtensionStopOutput output) {
        // the broker stops with the server: nothing of ours outlives it
    }

    private final class SessionEnds implements ClientLifecycleEventListener {

        @Override
        public void onMqttConnectionStart(ConnectionStartInput input) {}

        @Override
        public void onAuthenticationSuccessful(AuthenticationSuccessfulInput input) {}

        @Override
        public void onDisconnect(DisconnectEventInput input) {
            sessions.disconnected(input.getClientInformation().getClientId(), input.getConnectionInformation());
        }
    }
}
