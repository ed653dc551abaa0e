package dev.palisade.broker;

import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

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
        @DefaultValue("2s") Duration commandAcknowledgementTimeout) {

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

    /** Implementations of the TLS listener. */
    public enum TlsProvider {
        BORINGSSL,
        CONSCRYPT,
        JDK
    }
}
