package dev.palisade.broker.internal;

import com.hivemq.extension.sdk.api.interceptor.publish.PublishInboundInterceptor;
import com.hivemq.extension.sdk.api.interceptor.publish.parameter.PublishInboundInput;
import com.hivemq.extension.sdk.api.interceptor.publish.parameter.PublishInboundOutput;
import com.hivemq.extension.sdk.api.packets.general.MqttVersion;
import com.hivemq.extension.sdk.api.packets.publish.AckReasonCode;
import dev.palisade.broker.PublishRateExceeded;
import dev.palisade.identity.DeviceId;
import dev.palisade.shared.TenantId;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds every PUBLISH to the device's rate ({@link PublishRate}), first of the session's interceptors, so that a flood
 * costs the broker no topic mounting and no policy decision. A PUBLISH over the limit goes nowhere: an MQTT 5 client
 * gets its PUBACK (or PUBREC) with reason 0x97 "quota exceeded" and the reason string {@value #REASON} (0x96 "message
 * rate too high" is a DISCONNECT reason, which MQTT 5 does not allow in a PUBACK); an MQTT 3.1.1 client, which cannot
 * be told, gets its PUBACK as usual; at QoS 0 nothing is sent back. A device over its limit for the disconnect time is
 * disconnected with 0x96. The first refusal of an episode and each such disconnection are reported, never each
 * message. Accepting allocates nothing here.
 */
final class PublishRateGuard implements PublishInboundInterceptor {

    static final String REASON = "message rate too high";

    private static final Logger log = LoggerFactory.getLogger(PublishRateGuard.class);

    private final ConnectedDevices sessions;
    private final PalisadeExtension extension;
    private final Consumer<PublishRateExceeded> reports;
    private final LongSupplier ticker;
    private final Clock clock;
    private final Duration holdOff;

    PublishRateGuard(
            ConnectedDevices sessions,
            PalisadeExtension extension,
            Consumer<PublishRateExceeded> reports,
            LongSupplier ticker,
            Clock clock,
            Duration holdOff) {
        this.sessions = sessions;
        this.extension = extension;
        this.reports = reports;
        this.ticker = ticker;
        this.clock = clock;
        this.holdOff = holdOff;
    }

    @Override
    public void onInboundPublish(PublishInboundInput input, PublishInboundOutput output) {
        String clientId = input.getClientInformation().getClientId();
        @Nullable MqttSession session = sessions.publishing(clientId);
        if (session == null) {
            return; // no session: the topic guard refuses it
        }
        PublishRate rate = session.rate();
        long bytes = 0;
        if (rate.countsBytes()) {
            // the SDK's view of the payload is its own to make; nothing is boxed here
            Optional<ByteBuffer> payload = input.getPublishPacket().getPayload();
            bytes = payload.isPresent() ? payload.get().remaining() : 0;
        }
        long now = ticker.getAsLong();
        PublishRate.Verdict verdict = rate.admit(bytes, now);
        if (verdict == PublishRate.Verdict.ACCEPTED) {
            return;
        }
        session.traffic().rateLimited();
        if (input.getConnectionInformation().getMqttVersion() == MqttVersion.V_5) {
            output.preventPublishDelivery(AckReasonCode.QUOTA_EXCEEDED, REASON);
        } else {
            output.preventPublishDelivery();
        }
        switch (verdict) {
            case EPISODE_STARTED -> {
                session.traffic().rateEpisodeStarted();
                report(session, rate, PublishRateExceeded.Stage.STARTED, now, Duration.ZERO);
            }
            case CUT_OFF -> {
                session.traffic().rateDisconnected();
                log.info(
                        "Disconnecting {}: over its publish rate of {}/s for {} s",
                        clientId,
                        rate.allowance().messagesPerSecond(),
                        rate.overForNanos(now) / 1_000_000_000L);
                sessions.ended(clientId);
                extension.disconnectForRate(clientId);
                report(session, rate, PublishRateExceeded.Stage.DISCONNECTED, now, holdOff);
            }
            case ACCEPTED, REFUSED -> {
                // counted above; an episode is reported once
            }
        }
    }

    private void report(
            MqttSession session, PublishRate rate, PublishRateExceeded.Stage stage, long now, Duration heldOff) {
        PublishAllowance allowance = rate.allowance();
        try {
            reports.accept(new PublishRateExceeded(
                    tenant(session),
                    device(session),
                    stage,
                    clock.instant(),
                    allowance.messagesPerSecond(),
                    allowance.burst(),
                    allowance.bytesPerSecond(),
                    rate.refusedInEpisode(),
                    Duration.ofNanos(rate.overForNanos(now)),
                    heldOff));
        } catch (RuntimeException e) {
            // the refusal stands whatever becomes of its report
            log.warn("Could not report the publish rate of a session", e);
        }
    }

    private static TenantId tenant(MqttSession session) {
        return switch (session) {
            case BrokerSession device -> device.device().identity().tenant();
            case BootstrapSession first -> first.identity().tenant();
        };
    }

    private static DeviceId device(MqttSession session) {
        return switch (session) {
            case BrokerSession device -> device.device().identity().device();
            case BootstrapSession first -> first.identity().device();
        };
    }
}
