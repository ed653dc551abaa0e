package dev.palisade.broker;

import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * The embedded MQTT broker.
 *
 * @param enabled whether to run it at all
 * @param port the TLS listener's port (MQTT over TLS 1.3, client certificate required)
 * @param bindAddress the interface the TLS listener listens on
 * @param maxPacketSize the largest MQTT packet accepted, in bytes; a client announcing a larger one is disconnected
 * @param insecureLoopbackPort for local development only: a plaintext listener on 127.0.0.1 at this port; off unless
 *     set. Connections on it carry no certificate and are refused by the same authentication, so it is useful only to
 *     see that refusal, never to let a device in
 * @param tlsProvider the TLS listener's implementation: {@code boringssl} (through netty-tcnative), {@code conscrypt}
 *     (BoringSSL too, but three open files per connection instead of one) or {@code jdk}; where one does not load, the
 *     next serves. See docs/adr/0009-broker-tls-provider.md
 * @param commandAcknowledgementTimeout how long a command sent to a session about to be closed (a decommissioned
 *     device's wipe) may wait for the device's acknowledgement before the session is closed anyway
 */
@ConfigurationProperties("palisade.broker")
public record BrokerSettings(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("8883") int port,
        @DefaultValue("0.0.0.0") String bindAddress,
        @DefaultValue("262144") int maxPacketSize,
        @Nullable Integer insecureLoopbackPort,
        @DefaultValue("boringssl") TlsProvider tlsProvider,
        @DefaultValue("2s") Duration commandAcknowledgementTimeout,
        @DefaultValue RateLimit rateLimit) {

    public BrokerSettings {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("palisade.broker.port must be between 1 and 65535, not " + port);
        }
        if (maxPacketSize < 1024 || maxPacketSize > 268_435_460) {
            throw new IllegalArgumentException(
                    "palisade.broker.max-packet-size must be between 1024 and 268435460 bytes, not " + maxPacketSize);
        }
        if (insecureLoopbackPort != null && (insecureLoopbackPort < 1 || insecureLoopbackPort > 65535)) {
            throw new IllegalArgumentException(
                    "palisade.broker.insecure-loopback-port must be between 1 and 65535, not " + insecureLoopbackPort);
        }
        if (commandAcknowledgementTimeout.isNegative()
                || commandAcknowledgementTimeout.compareTo(Duration.ofSeconds(30)) > 0) {
            throw new IllegalArgumentException(
                    "palisade.broker.command-acknowledgement-timeout must be between 0 and 30 s, not "
                            + commandAcknowledgementTimeout);
        }
    }

    /**
     * The publish rate each device session is held to: a token bucket of messages and an allowance of payload bytes.
     * The defaults are well above what a device reporting telemetry needs (a meter publishes a few messages a second)
     * and in line with what hosted brokers allow one connection. A policy may set its devices' limit ({@code
     * publishLimit}), within the {@code max-*} ceilings.
     *
     * @param enabled whether to limit at all
     * @param messagesPerSecond the rate the message bucket refills at, for sessions whose policies set none
     * @param burst how many messages the bucket holds: what a device may send at once after a quiet spell
     * @param bytesPerSecond payload bytes a second; the allowance holds one second's worth, and at least one packet of
     *     {@code max-packet-size}
     * @param maxMessagesPerSecond the most a policy may grant
     * @param maxBurst the largest burst a policy may grant
     * @param maxBytesPerSecond the largest byte allowance a policy may grant
     * @param disconnectAfter a session refused at least once a second for this long is closed with reason 0x96
     *     (message rate too high); zero never closes one
     * @param reconnectHoldOff for this long after such a close, the device's CONNECTs are refused with reason 0x9F
     *     (connection rate exceeded); zero lets it back at once
     * @param quietPeriod an episode of excess ends once the device has gone this long without a refusal; the next
     *     refusal starts a new one, audited again
     */
    public record RateLimit(
            @DefaultValue("true") boolean enabled,
            @DefaultValue("100") double messagesPerSecond,
            @DefaultValue("200") int burst,
            @DefaultValue("1MB") DataSize bytesPerSecond,
            @DefaultValue("1000") double maxMessagesPerSecond,
            @DefaultValue("2000") int maxBurst,
            @DefaultValue("10MB") DataSize maxBytesPerSecond,
            @DefaultValue("10s") Duration disconnectAfter,
            @DefaultValue("30s") Duration reconnectHoldOff,
            @DefaultValue("60s") Duration quietPeriod) {

        private static final String PREFIX = "palisade.broker.rate-limit.";

        public RateLimit {
            requireRate("messages-per-second", messagesPerSecond);
            requireRate("max-messages-per-second", maxMessagesPerSecond);
            if (maxMessagesPerSecond < messagesPerSecond) {
                throw new IllegalArgumentException(
                        PREFIX + "max-messages-per-second must be at least messages-per-second");
            }
            if (burst < 1 || maxBurst < burst || maxBurst > 1_000_000) {
                throw new IllegalArgumentException(
                        PREFIX + "burst must be at least 1, and max-burst from burst to 1000000, not " + burst + " and "
                                + maxBurst);
            }
            long bytes = bytesPerSecond.toBytes();
            long maxBytes = maxBytesPerSecond.toBytes();
            if (bytes < 1 || maxBytes < bytes || maxBytes > (1L << 30)) {
                throw new IllegalArgumentException(PREFIX
                        + "bytes-per-second must be at least 1B, and max-bytes-per-second from it to 1GB, not "
                        + bytesPerSecond + " and " + maxBytesPerSecond);
            }
            requireSpan("disconnect-after", disconnectAfter, Duration.ofHours(1));
            requireSpan("reconnect-hold-off", reconnectHoldOff, Duration.ofHours(24));
            requireSpan("quiet-period", quietPeriod, Duration.ofHours(24));
            if (quietPeriod.compareTo(Duration.ofSeconds(1)) < 0) {
                throw new IllegalArgumentException(PREFIX + "quiet-period must be at least 1s, not " + quietPeriod);
            }
        }

        private static void requireRate(String key, double value) {
            if (!(value >= 0.001 && value <= 100_000)) {
                throw new IllegalArgumentException(PREFIX + key + " must be from 0.001 to 100000, not " + value);
            }
        }

        private static void requireSpan(String key, Duration value, Duration most) {
            if (value.isNegative() || value.compareTo(most) > 0) {
                throw new IllegalArgumentException(PREFIX + key + " must be from 0 to " + most + ", not " + value);
            }
        }
    }

    /** Implementations of the TLS listener. */
    public enum TlsProvider {
        BORINGSSL,
        CONSCRYPT,
        JDK
    }
}
