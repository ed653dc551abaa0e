package dev.palisade.broker.internal;

import dev.palisade.broker.DeviceMessageHandler;
import dev.palisade.pki.AuthenticatedDevice;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands authorised publishes on a device's own topics to the {@link DeviceMessageHandler}s of features above the
 * broker. The handlers are looked up when the first message arrives, not when the broker is made: they usually depend
 * on the broker themselves.
 */
public final class DeviceInbox {

    private static final Logger log = LoggerFactory.getLogger(DeviceInbox.class);
    private static final String DEVICES = "devices/";

    private final Supplier<List<DeviceMessageHandler>> lookup;
    private volatile @org.jspecify.annotations.Nullable List<DeviceMessageHandler> handlers;

    public DeviceInbox(Supplier<List<DeviceMessageHandler>> lookup) {
        this.lookup = lookup;
    }

    /** Offers a publish the session's policy allowed, in the device's view of the topic. */
    void published(AuthenticatedDevice device, String topic, byte[] payload) {
        String own = DEVICES + device.device().value() + "/";
        if (!topic.startsWith(own)) {
            return;
        }
        String subtopic = topic.substring(own.length());
        for (DeviceMessageHandler handler : handlers()) {
            if (handler.subtopic().equals(subtopic)) {
                try {
                    handler.received(device.tenant(), device.device(), payload);
                } catch (RuntimeException e) {
                    log.warn("A handler of {} failed on a message of {}", subtopic, device.device(), e);
                }
            }
        }
    }

    /** Whether any handler could want a message on {@code topic}: the payload is copied only then. */
    boolean wants(String topic) {
        return !handlers().isEmpty() && topic.startsWith(DEVICES);
    }

    private List<DeviceMessageHandler> handlers() {
        List<DeviceMessageHandler> found = handlers;
        if (found == null) {
            found = List.copyOf(lookup.get());
            handlers = found;
        }
        return found;
    }
}
