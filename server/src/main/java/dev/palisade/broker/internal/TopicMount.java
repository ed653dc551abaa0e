package dev.palisade.broker.internal;

import dev.palisade.shared.TenantId;
import java.util.Optional;

/**
 * Confines every tenant to a topic tree of its own inside the one broker: what a device calls {@code
 * devices/meter-0042/telemetry} the broker stores as {@code <tenant-uuid>/devices/meter-0042/telemetry}. Inbound topics
 * and filters are mounted, outbound topics unmounted; a device can neither name nor match a topic of another tenant,
 * whatever its policy says, and policies are written in the device's own view.
 */
public record TopicMount(String prefix) {

    private static final String SHARED = "$share/";

    public static TopicMount of(TenantId tenant) {
        return new TopicMount(tenant.value() + "/");
    }

    /** The broker's name for a topic the device published to. */
    public String mount(String topic) {
        return prefix + topic;
    }

    /**
     * The broker's filter for a filter the device subscribed to; a shared subscription keeps its share name in front
     * ({@code $share/<name>/<filter>} mounts the inner filter only). A malformed shared filter is returned unchanged,
     * for the authorizer to refuse.
     */
    public String mountFilter(String filter) {
        if (filter.startsWith(SHARED)) {
            int slash = filter.indexOf('/', SHARED.length());
            if (slash < 0) {
                return filter;
            }
            return filter.substring(0, slash + 1) + prefix + filter.substring(slash + 1);
        }
        return prefix + filter;
    }

    /** The device's name for a topic in its tenant's tree; empty for a topic outside it, which must not reach it. */
    public Optional<String> unmount(String topic) {
        return topic.startsWith(prefix) ? Optional.of(topic.substring(prefix.length())) : Optional.empty();
    }

    /** The device's view of a mounted filter (shared or not); empty for a filter outside the tenant's tree. */
    public Optional<String> unmountFilter(String filter) {
        if (filter.startsWith(SHARED)) {
            int slash = filter.indexOf('/', SHARED.length());
            if (slash < 0) {
                return Optional.empty();
            }
            return unmount(filter.substring(slash + 1)).map(inner -> filter.substring(0, slash + 1) + inner);
        }
        return unmount(filter);
    }
}
