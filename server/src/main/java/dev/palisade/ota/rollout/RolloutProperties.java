package dev.palisade.ota.rollout;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Rollout settings.
 *
 * @param passInterval how long the scheduler waits between two passes over every tenant's running rollouts: the
 *     longest a device that just connected waits for its offer, and the granularity of bake times and deadlines
 */
@ConfigurationProperties("palisade.ota.rollouts")
public record RolloutProperties(@DefaultValue("PT2S") Duration passInterval) {

    public RolloutProperties {
        if (passInterval.isNegative() || passInterval.isZero()) {
            throw new IllegalArgumentException("palisade.ota.rollouts.pass-interval is more than 0");
        }
    }
}
