package dev.palisade.broker.internal;

import com.hivemq.extension.sdk.api.packets.general.Qos;
import com.hivemq.extension.sdk.api.services.builder.Builders;
import com.hivemq.extension.sdk.api.services.builder.PublishBuilder;
import com.hivemq.extension.sdk.api.services.publish.PublishToClientResult;
import dev.palisade.broker.BootstrapEnrolment;
import dev.palisade.broker.CommandDelivery;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries a first contact's certificate request from its enrol topic to the {@link BootstrapEnrolment} and the answer
 * back. The answer is published to each session holding the same bootstrap certificate (a device may subscribe on one
 * connection and publish on another), and to no other session, whatever it subscribed to: another device's bootstrap
 * certificate may name the same device id, but never learns the answers meant for this one. After an acceptance the
 * sessions are closed once they acknowledged it (or after the acknowledgement timeout): the device reconnects with its
 * operational certificate, and its bootstrap certificate has nothing left to do.
 */
final class BootstrapRequests {

    private static final Logger log = LoggerFactory.getLogger(BootstrapRequests.class);

    private final BootstrapGate gate;
    private final ConnectedDevices sessions;
    private final PalisadeExtension extension;
    private final Duration acknowledgement;

    BootstrapRequests(
            BootstrapGate gate, ConnectedDevices sessions, PalisadeExtension extension, Duration acknowledgement) {
        this.gate = gate;
        this.sessions = sessions;
        this.extension = extension;
        this.acknowledgement = acknowledgement;
    }

    /**
     * A request the session's policy allowed on {@code topic} (the device's view).
     *
     * @param responseTopic the request's MQTT 5 response topic, honoured where the session may receive on it
     * @param correlation the request's MQTT 5 correlation data, returned with the answer
     */
    void published(
            BootstrapSession session,
            String topic,
            byte[] payload,
            Optional<String> responseTopic,
            Optional<ByteBuffer> correlation) {
        if (!topic.equals(session.enrolTopic())) {
            return;
        }
        Optional<BootstrapEnrolment> enrolment = gate.enrolment();
        if (enrolment.isEmpty()) {
            return;
        }
        byte @Nullable [] correlationData =
                correlation.map(BootstrapRequests::copy).orElse(null);
        try {
            enrolment
                    .get()
                    .enrol(
                            session.identity(),
                            payload,
                            answer -> answer(session, answer, responseTopic, correlationData));
        } catch (RuntimeException e) {
            log.warn(
                    "A certificate request of {} was not taken",
                    session.identity().device(),
                    e);
        }
    }

    private void answer(
            BootstrapSession session,
            BootstrapEnrolment.Answer answer,
            Optional<String> responseTopic,
            byte @Nullable [] correlation) {
        String topic = responseTopic
                .filter(requested -> session.policy().compiled().mayReceive(requested))
                .orElse(session.enrolTopic() + (answer.accepted() ? "/accepted" : "/rejected"));
        byte[] payload = answer.payload();
        for (String clientId : sessions.bootstrapSessions(session.fingerprint())) {
            PublishBuilder publish = Builders.publish()
                    .topic(session.mount().mount(topic))
                    .qos(Qos.AT_LEAST_ONCE)
                    .contentType("application/json")
                    .payload(ByteBuffer.wrap(payload));
            if (correlation != null) {
                publish.correlationData(ByteBuffer.wrap(correlation));
            }
            if (!answer.accepted()) {
                extension.publishTo(clientId, publish.build()).exceptionally(failure -> {
                    log.debug("An answer to {} was not published: {}", clientId, failure.getMessage());
                    return PublishToClientResult.NOT_SUBSCRIBED;
                });
                continue;
            }
            CompletableFuture<CommandDelivery> receipt = extension.receipts().expect(clientId, payload);
            extension
                    .publishTo(clientId, publish.build())
                    .thenCompose(result -> result == PublishToClientResult.SUCCESSFUL
                            ? receipt
                            : CompletableFuture.completedFuture(CommandDelivery.NOT_SUBSCRIBED))
                    .completeOnTimeout(CommandDelivery.UNACKNOWLEDGED, acknowledgement.toNanos(), TimeUnit.NANOSECONDS)
                    .whenComplete((delivery, failure) -> {
                        extension.receipts().forget(clientId);
                        sessions.bootstrapEnded(clientId);
                        extension.close(clientId, "enrolled: connect with the operational certificate");
                    });
        }
    }

    private static byte[] copy(ByteBuffer buffer) {
        ByteBuffer readable = buffer.asReadOnlyBuffer();
        byte[] bytes = new byte[readable.remaining()];
        readable.get(bytes);
        return bytes;
    }
}
