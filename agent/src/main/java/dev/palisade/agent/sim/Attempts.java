package dev.palisade.agent.sim;

import dev.palisade.agent.Outcome;
import java.util.Collection;

/**
 * What became of a series of publishes or subscriptions, as the device saw them.
 *
 * @param accepted taken by the broker
 * @param refused refused by the broker: not authorized, or over the device's publish rate
 * @param failed not through for another reason (not connected, connection lost, no answer in time)
 */
public record Attempts(long accepted, long refused, long failed) {

    public static Attempts of(Collection<Outcome> outcomes) {
        long accepted = outcomes.stream().filter(o -> o == Outcome.ACCEPTED).count();
        long refused = outcomes.stream()
                .filter(o -> o == Outcome.REFUSED || o == Outcome.RATE_LIMITED)
                .count();
        return new Attempts(accepted, refused, outcomes.size() - accepted - refused);
    }

    public long total() {
        return accepted + refused + failed;
    }

    public Attempts plus(Attempts other) {
        return new Attempts(accepted + other.accepted, refused + other.refused, failed + other.failed);
    }
}
