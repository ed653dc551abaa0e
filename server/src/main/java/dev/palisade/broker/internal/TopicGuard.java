package dev.palisade.broker.internal;

import com.hivemq.extension.sdk.api.interceptor.publish.PublishInboundInterceptor;
import com.hivemq.extension.sdk.api.interceptor.publish.PublishOutboundInterceptor;
import com.hivemq.extension.sdk.api.interceptor.publish.parameter.PublishInboundInput;
import com.hivemq.extension.sdk.api.interceptor.publish.parameter.PublishInboundOutput;
import com.hivemq.extension.sdk.api.interceptor.publish.parameter.PublishOutboundInput;
import com.hivemq.extension.sdk.api.interceptor.publish.parameter.PublishOutboundOutput;
import com.hivemq.extension.sdk.api.interceptor.subscribe.SubscribeInboundInterceptor;
import com.hivemq.extension.sdk.api.interceptor.subscribe.parameter.SubscribeInboundInput;
import com.hivemq.extension.sdk.api.interceptor.subscribe.parameter.SubscribeInboundOutput;
import com.hivemq.extension.sdk.api.interceptor.unsubscribe.UnsubscribeInboundInterceptor;
import com.hivemq.extension.sdk.api.interceptor.unsubscribe.parameter.UnsubscribeInboundInput;
import com.hivemq.extension.sdk.api.interceptor.unsubscribe.parameter.UnsubscribeInboundOutput;
import com.hivemq.extension.sdk.api.packets.publish.AckReasonCode;
import com.hivemq.extension.sdk.api.packets.subscribe.ModifiableSubscription;
import java.util.List;
import java.util.Optional;

/**
 * Moves every topic of a session between the device's view and the broker's: PUBLISH, SUBSCRIBE and UNSUBSCRIBE are
 * mounted in the tenant's tree on the way in (the authorizers then decide on them), and every delivery is unmounted on
 * the way out and delivered only if the session's policy allows receiving it now: a subscription made under an older
 * policy, or a retained message, never carries more than the current policy allows.
 */
public final class TopicGuard
        implements PublishInboundInterceptor,
                SubscribeInboundInterceptor,
                UnsubscribeInboundInterceptor,
                PublishOutboundInterceptor {

    private final ConnectedDevices sessions;

    public TopicGuard(ConnectedDevices sessions) {
        this.sessions = sessions;
    }

    @Override
    public void onInboundPublish(PublishInboundInput input, PublishInboundOutput output) {
        Optional<MqttSession> session =
                sessions.decisions(input.getClientInformation().getClientId());
        if (session.isEmpty()) {
            output.preventPublishDelivery(AckReasonCode.NOT_AUTHORIZED);
            return;
        }
        output.getPublishPacket()
                .setTopic(session.get().mount().mount(input.getPublishPacket().getTopic()));
    }

    @Override
    public void onInboundSubscribe(SubscribeInboundInput input, SubscribeInboundOutput output) {
        Optional<MqttSession> session =
                sessions.decisions(input.getClientInformation().getClientId());
        for (ModifiableSubscription subscription : output.getSubscribePacket().getSubscriptions()) {
            // without a session the filter stays outside every tenant's tree, where the authorizer refuses it
            session.ifPresent(
                    found -> subscription.setTopicFilter(found.mount().mountFilter(subscription.getTopicFilter())));
        }
    }

    @Override
    public void onInboundUnsubscribe(UnsubscribeInboundInput input, UnsubscribeInboundOutput output) {
        sessions.decisions(input.getClientInformation().getClientId()).ifPresent(session -> {
            List<String> filters = output.getUnsubscribePacket().getTopicFilters().stream()
                    .map(session.mount()::mountFilter)
                    .toList();
            output.getUnsubscribePacket().setTopicFilters(filters);
        });
    }

    @Override
    public void onOutboundPublish(PublishOutboundInput input, PublishOutboundOutput output) {
        Optional<MqttSession> session =
                sessions.decisions(input.getClientInformation().getClientId());
        Optional<String> topic = session.flatMap(
                found -> found.mount().unmount(input.getPublishPacket().getTopic()));
        if (topic.isEmpty() || !session.get().policy().compiled().mayReceive(topic.get())) {
            session.ifPresent(found -> found.traffic().refused(DeviceTraffic.Refused.RECEIVE));
            output.preventPublishDelivery();
            return;
        }
        session.get()
                .traffic()
                .delivered(input.getPublishPacket()
                        .getPayload()
                        .map(java.nio.ByteBuffer::remaining)
                        .orElse(0));
        output.getPublishPacket().setTopic(topic.get());
    }
}
