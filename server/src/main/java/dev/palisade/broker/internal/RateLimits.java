package dev.palisade.broker.internal;

import dev.palisade.broker.BrokerSettings;
import dev.palisade.policy.PublishLimit;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * The server's publish rate settings, and what a session gets from them and its policies: the limit its policies set,
 * held within the server's ceilings, or the server's default when they set none.
 */
public final class RateLimits {

    private final BrokerSettings.RateLimit settings;
    private final long smallestByteDepth;
    private final PublishAllowance defaults;

    /** @param maxPacketSize the largest packet the broker accepts: a byte allowance always holds at least one */
    public RateLimits(BrokerSettings.RateLimit settings, int maxPacketSize) {
        this.settings = settings;
        this.smallestByteDepth = maxPacketSize;
        this.defaults = of(
                settings.messagesPerSecond(),
                settings.burst(),
                settings.bytesPerSecond().toBytes());
    }

    /** The allowance of a session whose policies set {@code limit} (null: none of them does). */
    PublishAllowance allowance(@Nullable PublishLimit limit) {
        if (!settings.enabled()) {
            return PublishAllowance.UNLIMITED;
        }
        if (limit == null) {
            return defaults;
        }
        Long bytes = limit.bytesPerSecond();
        return of(
                Math.min(limit.messagesPerSecond(), settings.maxMessagesPerSecond()),
                Math.min(limit.burst(), settings.maxBurst()),
                bytes == null
                        ? settings.bytesPerSecond().toBytes()
                        : Math.min(bytes, settings.maxBytesPerSecond().toBytes()));
    }

    private PublishAllowance of(double messagesPerSecond, int burst, long bytesPerSecond) {
        return new PublishAllowance(
                messagesPerSecond, burst, bytesPerSecond, Math.max(bytesPerSecond, smallestByteDepth));
    }

    long disconnectAfterNanos() {
        return settings.disconnectAfter().toNanos();
    }

    long holdOffNanos() {
        return settings.reconnectHoldOff().toNanos();
    }

    long quietPeriodNanos() {
        return settings.quietPeriod().toNanos();
    }

    Duration reconnectHoldOff() {
        return settings.reconnectHoldOff();
    }
}
