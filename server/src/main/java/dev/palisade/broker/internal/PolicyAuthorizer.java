package dev.palisade.broker.internal;

import com.hivemq.extension.sdk.api.auth.PublishAuthorizer;
import com.hivemq.extension.sdk.api.auth.SubscriptionAuthorizer;
import com.hivemq.extension.sdk.api.auth.parameter.PublishAuthorizerInput;
import com.hivemq.extension.sdk.api.auth.parameter.PublishAuthorizerOutput;
import com.hivemq.extension.sdk.api.auth.parameter.SubscriptionAuthorizerInput;
import com.hivemq.extension.sdk.api.auth.parameter.SubscriptionAuthorizerOutput;
import com.hivemq.extension.sdk.api.packets.publish.AckReasonCode;
import com.hivemq.extension.sdk.api.packets.subscribe.SubackReasonCode;
import dev.palisade.protocol.session.SessionSignals;
import java.nio.ByteBuffer;
import java.util.Optional;

/**
 * Decides every PUBLISH and SUBSCRIBE on the session's compiled policy, in the device's view of the topic (the
 * {@link TopicGuard} has mounted it by now). Retained publishes need {@code retain} as well as {@code publish}. An
 * allowed publish on a topic a feature above takes is handed to it: a device's own topics to the {@link DeviceInbox},
 * a first contact's certificate request to {@link BootstrapRequests}.
 */
public final class PolicyAuthorizer implements PublishAuthorizer, SubscriptionAuthorizer {

    private final ConnectedDevices sessions;
    private final DeviceInbox inbox;
    private final BootstrapRequests bootstrapRequests;

    PolicyAuthorizer(ConnectedDevices sessions, DeviceInbox inbox, BootstrapRequests bootstrapRequests) {
        this.sessions = sessions;
        this.inbox = inbox;
        this.bootstrapRequests = bootstrapRequests;
    }

    @Override
    public void authorizePublish(PublishAuthorizerInput input, PublishAuthorizerOutput output) {
        Optional<MqttSession> session =
                sessions.decisions(input.getClientInformation().getClientId());
        Optional<String> topic = session.flatMap(
                found -> found.mount().unmount(input.getPublishPacket().getTopic()));
        boolean retain = input.getPublishPacket().getRetain();
        boolean allowed = topic.isPresent()
                && (retain
                        ? session.get().policy().compiled().mayRetain(topic.get())
                        : session.get().policy().compiled().mayPublish(topic.get()));
        if (allowed) {
            session.get()
                    .traffic()
                    .published(
                            topic.get(),
                            input.getPublishPacket()
                                    .getPayload()
                                    .map(ByteBuffer::remaining)
                                    .orElse(0));
            output.authorizeSuccessfully();
            switch (session.get()) {
                case BrokerSession device
                when inbox.wants(topic.get()) ->
                    inbox.published(device.device().identity(), topic.get(), payload(input));
                case BrokerSession device -> {
                    // no feature takes it: routed as usual
                }
                case BootstrapSession first ->
                    bootstrapRequests.published(
                            first,
                            topic.get(),
                            payload(input),
                            input.getPublishPacket().getResponseTopic(),
                            input.getPublishPacket().getCorrelationData());
            }
        } else {
            session.ifPresent(found ->
                    found.traffic().refused(retain ? DeviceTraffic.Refused.RETAIN : DeviceTraffic.Refused.PUBLISH));
            if (quarantined(session)) {
                output.failAuthorization(AckReasonCode.NOT_AUTHORIZED, SessionSignals.QUARANTINED);
            } else {
                output.failAuthorization(AckReasonCode.NOT_AUTHORIZED);
            }
        }
    }

    @Override
    public void authorizeSubscribe(SubscriptionAuthorizerInput input, SubscriptionAuthorizerOutput output) {
        Optional<MqttSession> session =
                sessions.decisions(input.getClientInformation().getClientId());
        Optional<String> filter = session.flatMap(
                found -> found.mount().unmountFilter(input.getSubscription().getTopicFilter()));
        if (filter.isPresent() && session.get().policy().compiled().maySubscribe(filter.get())) {
            output.authorizeSuccessfully();
        } else {
            session.ifPresent(found -> found.traffic().refused(DeviceTraffic.Refused.SUBSCRIBE));
            if (quarantined(session)) {
                output.failAuthorization(SubackReasonCode.NOT_AUTHORIZED, SessionSignals.QUARANTINED);
            } else {
                output.failAuthorization(SubackReasonCode.NOT_AUTHORIZED);
            }
        }
    }

    /** A quarantined device is told why it is refused (the others only that they are): see {@link SessionSignals}. */
    private static boolean quarantined(Optional<MqttSession> session) {
        return session.map(found -> found.policy().quarantined()).orElse(false);
    }

    private static byte[] payload(PublishAuthorizerInput input) {
        ByteBuffer payload = input.getPublishPacket()
                .getPayload()
                .map(ByteBuffer::asReadOnlyBuffer)
                .orElse(ByteBuffer.allocate(0));
        byte[] bytes = new byte[payload.remaining()];
        payload.get(bytes);
        return bytes;
    }
}
