package dev.palisade.policy.internal;

import dev.palisade.policy.Effect;
import java.util.HashSet;
import java.util.Set;

/** The connect statements of one device: exact client ids and {@code +} (any), allowed or denied. Deny wins. */
public final class ClientIdRules {

    private final boolean anyAllowed;
    private final boolean anyDenied;
    private final Set<String> allowed;
    private final Set<String> denied;

    private ClientIdRules(boolean anyAllowed, boolean anyDenied, Set<String> allowed, Set<String> denied) {
        this.anyAllowed = anyAllowed;
        this.anyDenied = anyDenied;
        this.allowed = Set.copyOf(allowed);
        this.denied = Set.copyOf(denied);
    }

    /** Whether a valid client id (see {@link Topics#isValidClientId}) may connect. */
    public boolean permits(String clientId) {
        return !anyDenied && !denied.contains(clientId) && (anyAllowed || allowed.contains(clientId));
    }

    /** Collects client-id patterns compiled for one device. */
    public static final class Builder {
        private boolean anyAllowed;
        private boolean anyDenied;
        private final Set<String> allowed = new HashSet<>();
        private final Set<String> denied = new HashSet<>();

        /** Any client id ({@code +}, or a deny whose value is missing). */
        public Builder addAny(Effect effect) {
            if (effect == Effect.ALLOW) {
                anyAllowed = true;
            } else {
                anyDenied = true;
            }
            return this;
        }

        /** Exactly {@code clientId}. */
        public Builder addExact(Effect effect, String clientId) {
            (effect == Effect.ALLOW ? allowed : denied).add(clientId);
            return this;
        }

        public ClientIdRules build() {
            return new ClientIdRules(anyAllowed, anyDenied, allowed, denied);
        }
    }
}
