package dev.palisade.broker.internal;

import dev.palisade.broker.DeviceMetrics;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;

/**
 * The counters of one device, updated on the broker's threads: adders rather than locks, and sets that stop growing
 * at their bound so that a device publishing to random topics cannot make the server keep them all.
 */
public final class DeviceTraffic {

    /** The actions whose refusals are counted. */
    public enum Refused {
        CONNECT,
        PUBLISH,
        RETAIN,
        SUBSCRIBE,
        RECEIVE
    }

    private final LongAdder connects = new LongAdder();
    private final LongAdder connectFailures = new LongAdder();
    private final LongAdder disconnects = new LongAdder();
    private final LongAdder messagesIn = new LongAdder();
    private final LongAdder bytesIn = new LongAdder();
    private final LongAdder messagesOut = new LongAdder();
    private final LongAdder bytesOut = new LongAdder();
    private final LongAdder[] refused = new LongAdder[Refused.values().length];
    private final LongAdder rateLimited = new LongAdder();
    private final LongAdder rateEpisodes = new LongAdder();
    private final LongAdder rateDisconnects = new LongAdder();
    private final Set<String> topics = ConcurrentHashMap.newKeySet();
    private final Set<String> addresses = ConcurrentHashMap.newKeySet();
    private volatile boolean topicsOverflowed;
    private volatile @Nullable Instant lastConnectedAt;
    /** The whole fleet's counters, which every device's also feed: aggregates without one series per device. */
    private final @Nullable DeviceTraffic fleet;

    /** The counters of the whole fleet. */
    DeviceTraffic() {
        this(null);
    }

    /** The counters of one device, adding to {@code fleet}'s as well. */
    DeviceTraffic(@Nullable DeviceTraffic fleet) {
        this.fleet = fleet;
        for (Refused action : Refused.values()) {
            refused[action.ordinal()] = new LongAdder();
        }
    }

    void connected(@Nullable String address, Instant at) {
        if (fleet != null) {
            fleet.connects.increment();
        }
        connects.increment();
        lastConnectedAt = at;
        if (address != null) {
            remember(addresses, address, DeviceMetrics.ADDRESSES_KEPT);
        }
    }

    void connectFailed(@Nullable String address) {
        if (fleet != null) {
            fleet.connectFailures.increment();
        }
        connectFailures.increment();
        if (address != null) {
            remember(addresses, address, DeviceMetrics.ADDRESSES_KEPT);
        }
    }

    void disconnected() {
        if (fleet != null) {
            fleet.disconnects.increment();
        }
        disconnects.increment();
    }

    void published(String topic, int bytes) {
        if (fleet != null) {
            fleet.messagesIn.increment();
            fleet.bytesIn.add(bytes);
        }
        messagesIn.increment();
        bytesIn.add(bytes);
        if (!remember(topics, topic, DeviceMetrics.TOPICS_KEPT)) {
            topicsOverflowed = true;
        }
    }

    void delivered(int bytes) {
        if (fleet != null) {
            fleet.messagesOut.increment();
            fleet.bytesOut.add(bytes);
        }
        messagesOut.increment();
        bytesOut.add(bytes);
    }

    void refused(Refused action) {
        if (fleet != null) {
            fleet.refused[action.ordinal()].increment();
        }
        refused[action.ordinal()].increment();
    }

    /** A PUBLISH refused because the device published faster than its limit. */
    void rateLimited() {
        if (fleet != null) {
            fleet.rateLimited.increment();
        }
        rateLimited.increment();
    }

    /** An episode of publishing over the limit began. */
    void rateEpisodeStarted() {
        if (fleet != null) {
            fleet.rateEpisodes.increment();
        }
        rateEpisodes.increment();
    }

    /** A session closed for staying over its publish limit. */
    void rateDisconnected() {
        if (fleet != null) {
            fleet.rateDisconnects.increment();
        }
        rateDisconnects.increment();
    }

    /** Adds {@code value} unless the set is full; returns whether the set holds it now. */
    private static boolean remember(Set<String> set, String value, int bound) {
        if (set.contains(value)) {
            return true;
        }
        if (set.size() >= bound) {
            return false;
        }
        set.add(value);
        return true;
    }

    public DeviceMetrics snapshot() {
        Map<String, Long> denied = new TreeMap<>();
        for (Refused action : Refused.values()) {
            denied.put(action.name().toLowerCase(Locale.ROOT), refused[action.ordinal()].sum());
        }
        return new DeviceMetrics(
                connects.sum(),
                connectFailures.sum(),
                disconnects.sum(),
                messagesIn.sum(),
                bytesIn.sum(),
                messagesOut.sum(),
                bytesOut.sum(),
                denied,
                rateLimited.sum(),
                rateEpisodes.sum(),
                rateDisconnects.sum(),
                topics.stream().sorted().toList(),
                topicsOverflowed,
                addresses.stream().sorted().toList(),
                lastConnectedAt);
    }
}
