package dev.palisade.agent;

import com.hivemq.client.mqtt.MqttClientSslConfig;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5ConnAckException;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.suback.Mqtt5SubAck;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * First contact over MQTT instead of EST, for a device that speaks only MQTT: it connects to the broker with its
 * bootstrap credential (the tenant's slug as user name, where it names its tenant), listens on
 * {@code provisioning/<id>/enrol/+}, publishes a certificate request for a new key on {@code provisioning/<id>/enrol}
 * and takes its operational certificate from the answer, in the same session. Renewal stays on EST
 * ({@link EstEnrolment#renew}): an operational certificate has no business on the provisioning topics.
 */
public final class MqttEnrolment {

    private final Endpoints endpoints;
    private final @Nullable String tenant;
    private final DeviceKeys keys;
    private final Duration wait;

    /**
     * @param tenant the tenant's slug, or null when the bootstrap CA is registered with one tenant only
     * @param wait how long to wait for the answer once the request is sent
     */
    public MqttEnrolment(Endpoints endpoints, @Nullable String tenant, DeviceKeys keys, Duration wait) {
        this.endpoints = endpoints;
        this.tenant = tenant;
        this.keys = keys;
        this.wait = wait;
    }

    /** The first operational certificate for {@code deviceId}, authenticated by its bootstrap credential. */
    public DeviceCredential enrol(String deviceId, DeviceCredential bootstrap) throws EnrolmentException {
        KeyPair pair = keys.generate();
        byte[] request;
        try {
            request = pem(keys.request(deviceId, pair).getEncoded());
        } catch (IOException e) {
            throw new EnrolmentException("cannot encode the certificate request", e);
        }
        Mqtt5BlockingClient client = Mqtt5Client.builder()
                .identifier(deviceId)
                .serverHost(endpoints.host())
                .serverPort(endpoints.mqttPort())
                .sslConfig(MqttClientSslConfig.builder()
                        .keyManagerFactory(Tls.keyFactory(bootstrap))
                        .trustManagerFactory(Tls.trustFactory(endpoints.root()))
                        .protocols(List.of("TLSv1.3"))
                        .build())
                .buildBlocking();
        String topic = "provisioning/" + deviceId + "/enrol";
        try {
            connect(client);
            try (Mqtt5BlockingClient.Mqtt5Publishes answers = client.publishes(MqttGlobalPublishFilter.SUBSCRIBED)) {
                Mqtt5SubAck subscribed = client.subscribeWith()
                        .topicFilter(topic + "/+")
                        .qos(MqttQos.AT_LEAST_ONCE)
                        .send();
                if (subscribed.getReasonCodes().stream().anyMatch(code -> code.isError())) {
                    throw new EnrolmentException("the broker refused the subscription to " + topic + "/+");
                }
                client.publishWith()
                        .topic(topic)
                        .qos(MqttQos.AT_LEAST_ONCE)
                        .contentType("application/pkcs10")
                        .payload(request)
                        .send();
                Optional<Mqtt5Publish> answer = answers.receive(wait.toMillis(), TimeUnit.MILLISECONDS);
                if (answer.isEmpty()) {
                    throw new EnrolmentException("no answer to the enrolment request within " + wait);
                }
                return credential(deviceId, pair, answer.get());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EnrolmentException("interrupted while enrolling", e);
        } catch (RuntimeException e) {
            throw new EnrolmentException("cannot enrol over MQTT: " + e.getMessage(), e);
        } finally {
            if (client.getState().isConnected()) {
                try {
                    client.disconnect();
                } catch (RuntimeException alreadyClosed) {
                    // the broker closes a bootstrap session once the device has its certificate
                }
            }
        }
    }

    private void connect(Mqtt5BlockingClient client) throws EnrolmentException {
        try {
            var connect = client.connectWith().cleanStart(true);
            if (tenant != null) {
                connect = connect.simpleAuth().username(tenant).applySimpleAuth();
            }
            connect.send();
        } catch (Mqtt5ConnAckException e) {
            throw new EnrolmentException(
                    "enrolment refused at connect: "
                            + e.getMqttMessage()
                                    .getReasonString()
                                    .map(Object::toString)
                                    .orElse(e.getMqttMessage().getReasonCode().toString()),
                    e);
        }
    }

    private DeviceCredential credential(String deviceId, KeyPair pair, Mqtt5Publish publish) throws EnrolmentException {
        EnrolmentAnswer answer = EnrolmentAnswer.parse(publish.getPayloadAsBytes());
        if (!publish.getTopic().toString().endsWith("/accepted")) {
            if (EnrolmentPending.ATTESTATION_REQUIRED.equals(answer.code())) {
                throw new EnrolmentPending("enrolment waits: " + answer.code() + ": " + answer.detail());
            }
            throw new EnrolmentException("enrolment refused: " + answer.code() + ": " + answer.detail()
                    + (answer.retryAfter() == null ? "" : " (ask again in " + answer.retryAfter() + " s)"));
        }
        List<X509Certificate> chain = answer.chain();
        if (chain.isEmpty() || !chain.getFirst().getPublicKey().equals(pair.getPublic())) {
            throw new EnrolmentException("the answer holds no certificate for the key this device sent");
        }
        keys.keep(deviceId, pair, chain);
        return new DeviceCredential(pair.getPrivate(), chain, keys.origin());
    }

    private static byte[] pem(byte[] der) {
        return ("-----BEGIN CERTIFICATE REQUEST-----\n"
                        + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                        + "\n-----END CERTIFICATE REQUEST-----\n")
                .getBytes(StandardCharsets.US_ASCII);
    }
}
