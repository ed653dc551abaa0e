package dev.palisade.broker.internal;

import com.hivemq.extension.sdk.api.auth.PublishAuthorizer;
import com.hivemq.extension.sdk.api.auth.SubscriptionAuthorizer;
import com.hivemq.extension.sdk.api.auth.parameter.PublishAuthorizerInput;
import com.hivemq.extension.sdk.api.auth.parameter.PublishAuthorizerOutput;
import com.hivemq.extension.sdk.api.auth.parameter.SubscriptionAuthorizerInput;
import com.hivemq.extension.sdk.api.auth.parameter.SubscriptionAuthorizerOutput;
import com.hivemq.extension.sdk.api.packets.publish.AckReasonCode;
import com.hivemq.extension.sdk.api.packets.subscribe.SubackReasonCode;
import java.nio.ByteBuffer;
import java.util.Optional;

/**
 * Decides every PUBLISH and SUBSCRIBE on the session's compiled policy, in the device's view of the topic (the
 * {@link TopicGuard} has mounted it by now). Retained publishes need {@code retain} as well as {@code publish}.
 */
public final class PolicyAuthorizer implements PublishAuthorizer, SubscriptionAuthorizer {

    private final ConnectedDevices sessions;
    private final DeviceInbox inbox;

    public PolicyAuthorizer(ConnectedDevices sessions, DeviceInbox inbox) {
        this.sessions = sessions;
        this.inbox = inbox;
    }

    @Override
    public void authorizePublish(PublishAuthorizerInput input, PublishAuthorizerOutput output) {
        Optional<BrokerSession> session =
                sessions.session(input.getClientInformation().getClientId());
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
            if (inbox.wants(topic.get())) {
                ByteBuffer payload = input.getPublishPacket()
                        .getPayload()
                        .map(ByteBuffer::asReadOnlyBuffer)
                        .orElse(ByteBuffer.allocate(0));
                byte[] bytes = new byte[payload.remaining()];
                payload.get(bytes);
                inbox.published(session.get().device().identity(), topic.get(), bytes);
            }
        } else {
            session.ifPresent(found ->
                    found.traffic().refused(retain ? DeviceTraffic.Refused.RETAIN : DeviceTraffic.Refused.PUBLISH));
            output.failAuthorization(AckReasonCode.NOT_AUTHORIZED);
        }
    }

    @Override
    public void authorizeSubscribe(SubscriptionAuthorizerInput input, SubscriptionAuthorizerOutput output) {
        Optional<BrokerSession> session =
                sessions.session(input.getClientInformation().getClientId());
        Optional<String> filter = session.flatMap(
                found -> found.mount().unmountFilter(input.getSubscription().getTopicFilter()));
        if (filter.isPresent() && session.get().policy().compiled().maySubscribe(filter.get())) {
            output.authorizeSuccessfully();
        } else {
            session.ifPresent(found -> found.traffic().refused(DeviceTraffic.Refused.SUBSCRIBE));
            output.failAuthorization(SubackReasonCode.NOT_AUTHORIZED);
        }
    }
}
