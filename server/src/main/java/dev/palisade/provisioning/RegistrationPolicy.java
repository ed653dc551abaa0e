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
        return evaluateLocally(request).or(() -> evaluateCallingOut(request));
    }

    /**
     * The conditions that only read this server's own state, in order: for the caller to run inside one read
     * transaction with the other reads of a first contact. {@link #evaluateCallingOut} then runs the rest.
     */
    public Optional<Refusal> evaluateLocally(RegistrationRequest request) {
        return evaluate(request, false);
    }

    /** The conditions that wait on another system, in order, after {@link #evaluateLocally} passed. */
    public Optional<Refusal> evaluateCallingOut(RegistrationRequest request) {
        return evaluate(request, true);
    }

    private Optional<Refusal> evaluate(RegistrationRequest request, boolean callingOut) {
        for (RegistrationCondition condition : conditions) {
            if (condition.callsOut() != callingOut) {
                continue;
            }
            Optional<Refusal> refusal = condition.check(request);
            if (refusal.isPresent()) {
                return refusal;
            }
        }
        return Optional.empty();
    }
}
