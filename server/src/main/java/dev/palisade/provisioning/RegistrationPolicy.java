package dev.palisade.provisioning;

import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Service;

/**
 * The registration policy of first contact, evaluated synchronously: every {@link RegistrationCondition} in order,
 * the first refusal deciding. The conditions today are, in this order: the manifest entry is unused, the device is not
 * recalled, its firmware is at or above the floor, and the tenant's webhook (if any) answers 2xx in time.
 */
@Service
public class RegistrationPolicy {

    private final List<RegistrationCondition> conditions;

    RegistrationPolicy(List<RegistrationCondition> conditions) {
        this.conditions = List.copyOf(conditions);
    }

    public Optional<Refusal> evaluate(RegistrationRequest request) {
        for (RegistrationCondition condition : conditions) {
            Optional<Refusal> refusal = condition.check(request);
            if (refusal.isPresent()) {
                return refusal;
            }
        }
        return Optional.empty();
    }
}
