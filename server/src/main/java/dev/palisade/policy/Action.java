package dev.palisade.policy;

import java.util.Optional;

/** The MQTT operations a policy decides on. */
public enum Action {
    /** Open a session with a client id; resources are client-id patterns. */
    CONNECT("connect", ResourceKind.CLIENT_ID),
    /** Send a PUBLISH to a topic name. */
    PUBLISH("publish", ResourceKind.TOPIC),
    /** Subscribe with a topic filter; a filter with wildcards must be allowed for every topic it can match. */
    SUBSCRIBE("subscribe", ResourceKind.TOPIC),
    /** Have a message on a topic name delivered to the session. */
    RECEIVE("receive", ResourceKind.TOPIC),
    /** Publish with the retain flag set, which keeps the message for later subscribers (needs publish as well). */
    RETAIN("retain", ResourceKind.TOPIC);

    private final String jsonName;
    private final ResourceKind resourceKind;

    Action(String jsonName, ResourceKind resourceKind) {
        this.jsonName = jsonName;
        this.resourceKind = resourceKind;
    }

    /** The spelling in a policy document, lower case: {@code publish}. */
    public String jsonName() {
        return jsonName;
    }

    /** What the resources of a statement with this action name. */
    public ResourceKind resourceKind() {
        return resourceKind;
    }

    /** The action spelled {@code name} in a document, if any (case-sensitive). */
    public static Optional<Action> fromJsonName(String name) {
        for (Action action : values()) {
            if (action.jsonName.equals(name)) {
                return Optional.of(action);
            }
        }
        return Optional.empty();
    }
}
