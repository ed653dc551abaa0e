package dev.palisade.broker;

import dev.palisade.identity.DeviceId;
import dev.palisade.shared.TenantId;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * How a feature above the broker lets a device that holds only a manufacturer's bootstrap certificate make its first
 * contact over MQTT, without the broker knowing manufacturers, manifests or registration. The broker lets such a
 * certificate through TLS when {@link #checkChain} does, asks {@link #admit} at CONNECT which tenant and device the
 * session is for, holds the session to the fixed bootstrap policy (publish {@code provisioning/<id>/enrol}, subscribe
 * to and receive {@code provisioning/<id>/enrol/+}, nothing else), and hands each request on the enrol topic to {@link
 * #enrol}. Answers go only to the sessions of the same bootstrap certificate, never to every subscriber of the topic.
 *
 * <p>One bean at most; without one, bootstrap certificates fail the broker's TLS handshake.
 */
public interface BootstrapEnrolment {

    /**
     * Whether {@code chain} leads to a bootstrap CA some tenant registered; throws when it does not. Called in the TLS
     * handshakes that Palisade's own CAs do not explain, so it decides from memory.
     */
    void checkChain(X509Certificate[] chain) throws CertificateException;

    /**
     * The tenant and device of a session opening with a bootstrap certificate that {@link #checkChain} accepted. Called
     * off the broker's threads; may read the database and audit a refusal.
     *
     * @param tenantLabel the MQTT user name: the tenant's slug, when the device names its tenant
     * @param clientId the client id the device chose
     */
    Admission admit(X509Certificate[] chain, @Nullable String tenantLabel, String clientId);

    /**
     * A request the session published on its enrol topic. Called on the broker's thread: return at once (queue the
     * work) and never throw. Answer by calling {@code answer} once, from any thread.
     */
    void enrol(Session session, byte[] request, Consumer<Answer> answer);

    /** Whether the session may open. */
    sealed interface Admission {

        /** It may, for {@code device} of {@code tenant}: its topics are {@code provisioning/<device>/enrol...}. */
        record Admitted(TenantId tenant, DeviceId device) implements Admission {}

        /** It may not; {@code reason} is sent to the client in the CONNACK's reason string. */
        record Refused(String reason) implements Admission {}
    }

    /** A session admitted for a device's first contact: who, and the bootstrap certificate it presented. */
    record Session(TenantId tenant, DeviceId device, List<X509Certificate> chain) {

        public Session {
            chain = List.copyOf(chain);
        }
    }

    /**
     * The answer to a request, published on {@code provisioning/<id>/enrol/accepted} or {@code .../rejected} (or the
     * request's MQTT 5 response topic, where the policy allows it).
     *
     * @param accepted the device is enrolled: the broker closes its bootstrap sessions once they have the answer
     */
    record Answer(boolean accepted, byte[] payload) {

        public Answer {
            payload = payload.clone();
        }

        @Override
        public byte[] payload() {
            return payload.clone();
        }
    }
}
