package dev.palisade.policy;

/**
 * The decisions of one device's session, compiled from its documents by {@link PolicyCompiler}. Immutable and safe to
 * share between threads; no decision allocates or does I/O. Every decision is <em>deny wins, default deny</em>: a
 * request is allowed when an allow statement matches it and no deny statement does. Invalid input (a topic name with
 * a wildcard, an invalid filter, an empty client id, anything over 65,535 bytes of UTF-8 or containing NUL) is
 * denied.
 *
 * <p>Topics whose first level starts with {@code $} ({@code $SYS/...}) are never matched by a pattern whose first
 * level is a wildcard (MQTT section 4.7.2): only a statement naming that level literally allows or denies them.
 */
public interface CompiledPolicy {

    /**
     * Whether the session may connect with {@code clientId}. The broker asks with the client id it will use: when a
     * client sends an empty one, the id the broker assigns (an empty id is denied).
     */
    boolean mayConnect(String clientId);

    /** Whether the session may publish to the topic name {@code topic}. */
    boolean mayPublish(String topic);

    /**
     * Whether the session may subscribe with the topic filter {@code filter}. A filter with wildcards is allowed only
     * if one allow pattern covers every topic the filter can match and no deny pattern matches any of them; a filter
     * that only several allow patterns cover together is refused. {@code $share/NAME/FILTER} is decided on FILTER;
     * {@code $queue/} is not special.
     */
    boolean maySubscribe(String filter);

    /** Whether a message on the topic name {@code topic} may be delivered to the session. */
    boolean mayReceive(String topic);

    /**
     * Whether the session may publish a retained message to {@code topic}: both {@code retain} and {@code publish}
     * must be allowed on it.
     */
    boolean mayRetain(String topic);

    /** The decision for {@code action} on {@code resource}: a client id for connect, a filter for subscribe. */
    default boolean permits(Action action, String resource) {
        return switch (action) {
            case CONNECT -> mayConnect(resource);
            case PUBLISH -> mayPublish(resource);
            case SUBSCRIBE -> maySubscribe(resource);
            case RECEIVE -> mayReceive(resource);
            case RETAIN -> mayRetain(resource);
        };
    }
}
