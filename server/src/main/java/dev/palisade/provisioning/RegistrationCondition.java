package dev.palisade.provisioning;

import java.util.Optional;

/**
 * One condition of the registration policy. Conditions are Spring beans, evaluated in their {@code @Order} (cheap and
 * local first, the tenant's webhook last); the first refusal decides. A new condition, such as a passing attestation
 * verdict where the tenant requires one, is one more bean ordered before the webhook.
 */
public interface RegistrationCondition {

    /** Empty when {@code request} satisfies this condition. */
    Optional<Refusal> check(RegistrationRequest request);

    /**
     * Whether the check waits on another system (the tenant's webhook). Those run after the local ones and outside
     * the read transaction that the local ones share, so that no database connection waits on the network.
     */
    default boolean callsOut() {
        return false;
    }
}
