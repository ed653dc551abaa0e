package dev.palisade.agent;

import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5ConnAckException;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5DisconnectException;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5PubAckException;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5SubAckException;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAck;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAckReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.disconnect.Mqtt5DisconnectReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.publish.puback.Mqtt5PubAckReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.suback.Mqtt5SubAckReasonCode;
import dev.palisade.protocol.session.SessionSignals;
import java.util.Locale;
import java.util.Optional;
import javax.net.ssl.SSLException;
import org.jspecify.annotations.Nullable;

/**
 * Tells a refusal of the device's credential apart from a failure that may pass. Only the former moves the agent to
 * {@link AgentState#REFUSED}: a network failure must not make a device give up, and a revoked device must not keep
 * knocking.
 */
final class Refusals {

    /** TLS alerts by which a server rejects the client's certificate. */
    private static final String[] CERTIFICATE_ALERTS = {
        "certificate_revoked",
        "bad_certificate",
        "certificate_unknown",
        "certificate_expired",
        "access_denied",
        "unknown_ca"
    };

    /** How the JDK's TLS words an alert that came from the peer. */
    private static final String RECEIVED_ALERT = "received fatal alert";

    private Refusals() {}

    /**
     * Why the broker refused the device's credential, if {@code failure} says it did: a refused CONNACK, or the
     * certificate rejected in the TLS handshake. A DISCONNECT "not authorized" in the middle of a session is not
     * such a refusal by itself: a broker also ends a session that published where it may not, and a revoked or
     * barred device learns of its fate when it reconnects.
     */
    static Optional<String> credentialRefused(@Nullable Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof Mqtt5ConnAckException connAck) {
                Mqtt5ConnAckReasonCode reason = connAck.getMqttMessage().getReasonCode();
                if (reason == Mqtt5ConnAckReasonCode.NOT_AUTHORIZED
                        || reason == Mqtt5ConnAckReasonCode.BANNED
                        || reason == Mqtt5ConnAckReasonCode.BAD_USER_NAME_OR_PASSWORD) {
                    return Optional.of("connection refused: " + reason.name().toLowerCase(Locale.ROOT));
                }
            } else if (cause instanceof SSLException tls && tls.getMessage() instanceof String text) {
                String message = text.toLowerCase(Locale.ROOT);
                // only an alert the server sent: the device's own alert about the server's certificate ("(certificate
                // _unknown) PKIX path building failed", say a broker still presenting its first-start placeholder)
                // says nothing about the device's credential, and passes once the server has its certificate
                if (!message.contains(RECEIVED_ALERT)) {
                    continue;
                }
                for (String alert : CERTIFICATE_ALERTS) {
                    if (message.contains(alert)) {
                        return Optional.of("certificate rejected in TLS: " + alert);
                    }
                }
            }
        }
        return Optional.empty();
    }

    /** The reason the broker gave in a DISCONNECT, if {@code failure} is one. */
    static Optional<Mqtt5DisconnectReasonCode> disconnectReason(@Nullable Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof Mqtt5DisconnectException disconnect) {
                return Optional.of(disconnect.getMqttMessage().getReasonCode());
            }
        }
        return Optional.empty();
    }

    /** Whether a publish failed because the device is over a limit of the broker's: its publish rate. */
    static boolean overQuota(@Nullable Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof Mqtt5PubAckException pubAck) {
                return pubAck.getMqttMessage().getReasonCode() == Mqtt5PubAckReasonCode.QUOTA_EXCEEDED;
            }
        }
        return false;
    }

    /** Whether the broker refused a publish because the device is quarantined (see {@link SessionSignals}). */
    static boolean quarantined(@Nullable Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof Mqtt5PubAckException pubAck) {
                return pubAck.getMqttMessage().getReasonCode() == Mqtt5PubAckReasonCode.NOT_AUTHORIZED
                        && pubAck.getMqttMessage()
                                .getReasonString()
                                .map(reason -> reason.toString().equals(SessionSignals.QUARANTINED))
                                .orElse(false);
            }
        }
        return false;
    }

    /** Whether a CONNACK says that the device is quarantined (see {@link SessionSignals}). */
    static boolean quarantined(Mqtt5ConnAck connAck) {
        return connAck.getUserProperties().asList().stream()
                .anyMatch(property -> property.getName().toString().equals(SessionSignals.SESSION_PROPERTY)
                        && property.getValue().toString().equals(SessionSignals.QUARANTINED));
    }

    /** Whether a publish or subscription failed because the broker refused it. */
    static boolean notAuthorized(@Nullable Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof Mqtt5PubAckException pubAck) {
                return pubAck.getMqttMessage().getReasonCode() == Mqtt5PubAckReasonCode.NOT_AUTHORIZED;
            }
            if (cause instanceof Mqtt5SubAckException subAck) {
                return subAck.getMqttMessage().getReasonCodes().contains(Mqtt5SubAckReasonCode.NOT_AUTHORIZED);
            }
        }
        return false;
    }
}
