package dev.palisade.broker;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.function.ToDoubleFunction;
import org.springframework.stereotype.Component;

/**
 * The broker's figures for Prometheus, for the whole fleet: sessions, connects and refusals, messages and bytes,
 * authorization refusals by action, and publishes refused for their rate. Never a label per device or tenant: a million devices would be a million series.
 * Per-device figures are in the API ({@code /api/v1/devices/{id}/mqtt-metrics}).
 */
@Component
class BrokerMeters {

    BrokerMeters(EmbeddedBroker broker, MeterRegistry registry) {
        Gauge.builder("palisade.broker.sessions", broker, EmbeddedBroker::sessionCount)
                .description("Live MQTT sessions")
                .register(registry);
        Gauge.builder("palisade.broker.devices.in.memory", broker, EmbeddedBroker::devicesInMemory)
                .description("Devices the broker holds in memory to decide CONNECTs")
                .register(registry);
        counter(registry, broker, "palisade.broker.connects", "Accepted MQTT connections", DeviceMetrics::connects);
        counter(
                registry,
                broker,
                "palisade.broker.connect.refusals",
                "Refused MQTT connections",
                DeviceMetrics::connectFailures);
        counter(registry, broker, "palisade.broker.disconnects", "Ended MQTT sessions", DeviceMetrics::disconnects);
        counter(
                registry,
                broker,
                "palisade.broker.messages.in",
                "PUBLISH packets accepted from devices",
                DeviceMetrics::messagesIn);
        counter(registry, broker, "palisade.broker.bytes.in", "Payload bytes accepted", DeviceMetrics::bytesIn);
        counter(
                registry,
                broker,
                "palisade.broker.messages.out",
                "Messages delivered to devices",
                DeviceMetrics::messagesOut);
        counter(registry, broker, "palisade.broker.bytes.out", "Payload bytes delivered", DeviceMetrics::bytesOut);
        counter(
                registry,
                broker,
                "palisade.broker.rate.limited",
                "PUBLISH packets refused because the device published faster than its limit",
                DeviceMetrics::rateLimited);
        counter(
                registry,
                broker,
                "palisade.broker.rate.episodes",
                "Episodes of a device publishing over its limit",
                DeviceMetrics::rateLimitEpisodes);
        counter(
                registry,
                broker,
                "palisade.broker.rate.disconnects",
                "Sessions closed for staying over their publish limit",
                DeviceMetrics::rateLimitDisconnects);
        for (String action : List.of("connect", "publish", "retain", "subscribe", "receive")) {
            FunctionCounter.builder(
                            "palisade.broker.authorization.denials",
                            broker,
                            b -> b.fleetMetrics().denied().getOrDefault(action, 0L))
                    .description("Actions refused by policy")
                    .tag("action", action)
                    .register(registry);
        }
    }

    private static void counter(
            MeterRegistry registry,
            EmbeddedBroker broker,
            String name,
            String description,
            ToDoubleFunction<DeviceMetrics> value) {
        FunctionCounter.builder(name, broker, b -> value.applyAsDouble(b.fleetMetrics()))
                .description(description)
                .register(registry);
    }
}
