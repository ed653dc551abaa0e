package dev.palisade.policy.internal;

import dev.palisade.policy.CompiledPolicy;

/** The decisions of one device's session, one rule set per action. Immutable, so safe to share between threads. */
public final class CompiledRules implements CompiledPolicy {

    private final ClientIdRules connect;
    private final TopicRules publish;
    private final TopicRules subscribe;
    private final TopicRules receive;
    private final TopicRules retain;

    CompiledRules(
            ClientIdRules connect, TopicRules publish, TopicRules subscribe, TopicRules receive, TopicRules retain) {
        this.connect = connect;
        this.publish = publish;
        this.subscribe = subscribe;
        this.receive = receive;
        this.retain = retain;
    }

    @Override
    public boolean mayConnect(String clientId) {
        return Topics.isValidClientId(clientId) && connect.permits(clientId);
    }

    @Override
    public boolean mayPublish(String topic) {
        return Topics.isWithinLimits(topic) && publish.permitsName(topic);
    }

    @Override
    public boolean maySubscribe(String filter) {
        int from = Topics.filterStart(filter);
        return from >= 0 && subscribe.permitsFilter(filter, from);
    }

    @Override
    public boolean mayReceive(String topic) {
        return Topics.isWithinLimits(topic) && receive.permitsName(topic);
    }

    @Override
    public boolean mayRetain(String topic) {
        return Topics.isWithinLimits(topic) && retain.permitsName(topic) && publish.permitsName(topic);
    }
}
