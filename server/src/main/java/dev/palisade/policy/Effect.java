package dev.palisade.policy;

import java.util.Optional;

/** What a statement does to the requests it matches. A deny always wins over an allow; nothing matched is denied. */
public enum Effect {
    ALLOW("Allow"),
    DENY("Deny");

    private final String jsonName;

    Effect(String jsonName) {
        this.jsonName = jsonName;
    }

    /** The spelling in a policy document: {@code Allow} or {@code Deny} (case-sensitive). */
    public String jsonName() {
        return jsonName;
    }

    /** The effect spelled {@code name} in a document, if any. */
    public static Optional<Effect> fromJsonName(String name) {
        for (Effect effect : values()) {
            if (effect.jsonName.equals(name)) {
                return Optional.of(effect);
            }
        }
        return Optional.empty();
    }
}
