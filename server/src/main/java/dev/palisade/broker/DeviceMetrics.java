package dev.palisade.broker;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What the broker has seen of one device since the server started: the raw material of detection (a device that
 * suddenly publishes elsewhere, from elsewhere, or keeps being refused).
 *
 * @param denied authorization refusals by action ({@code connect}, {@code publish}, {@code retain}, {@code subscribe},
 *     {@code receive})
 * @param rateLimited PUBLISH packets refused because the device published faster than its limit
 * @param rateLimitEpisodes episodes of publishing over the limit (each audited once)
 * @param rateLimitDisconnects sessions closed for staying over the limit
 * @param topics the distinct topics it published to, up to {@link #TOPICS_KEPT}; {@code topicsOverflowed} tells
 *     whether it used more
 * @param addresses the distinct source addresses it connected from, up to {@link #ADDRESSES_KEPT}
 */
public record DeviceMetrics(
        long connects,
        long connectFailures,
        long disconnects,
        long messagesIn,
        long bytesIn,
        long messagesOut,
        long bytesOut,
        Map<String, Long> denied,
        long rateLimited,
        long rateLimitEpisodes,
        long rateLimitDisconnects,
        List<String> topics,
        boolean topicsOverflowed,
        List<String> addresses,
        @Nullable Instant lastConnectedAt) {

    public static final int TOPICS_KEPT = 64;
    public static final int ADDRESSES_KEPT = 16;

    public DeviceMetrics {
        denied = Map.copyOf(denied);
        topics = List.copyOf(topics);
        addresses = List.copyOf(addresses);
    }
}
