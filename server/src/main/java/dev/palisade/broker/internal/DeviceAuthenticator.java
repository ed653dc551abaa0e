package dev.palisade.broker.internal;

import com.hivemq.extension.sdk.api.async.Async;
import com.hivemq.extension.sdk.api.async.TimeoutFallback;
import com.hivemq.extension.sdk.api.auth.SimpleAuthenticator;
import com.hivemq.extension.sdk.api.auth.parameter.SimpleAuthInput;
import com.hivemq.extension.sdk.api.auth.parameter.SimpleAuthOutput;
import com.hivemq.extension.sdk.api.packets.auth.DefaultAuthorizationBehaviour;
import com.hivemq.extension.sdk.api.packets.connect.ConnackReasonCode;
import com.hivemq.extension.sdk.api.packets.connect.ConnectPacket;
import com.hivemq.extension.sdk.api.packets.connect.WillPublishPacket;
import dev.palisade.broker.BootstrapEnrolment;
import dev.palisade.pki.AuthenticatedDevice;
import dev.palisade.pki.DeviceAuthentication;
import dev.palisade.pki.x509.IdentityKind;
import dev.palisade.policy.CompiledPolicy;
import dev.palisade.protocol.session.SessionSignals;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides every CONNECT from the client certificate alone, using only memory: the path must lead through a currently
 * trusted issuing CA to the root, the certificate must be an operational device certificate that is neither revoked
 * nor expired, and the MQTT client id must be the device id it names, so that no device can take over another's
 * session. Refusals answer "not authorized" and say why only in the log.
 *
 * <p>The one exception is a device's first contact: a manufacturer's bootstrap certificate that a tenant registered
 * ({@link BootstrapGate}). The feature above the broker admits it, off the broker's threads (it may read the database),
 * and the session gets the fixed bootstrap policy: its enrol topic and its answers, nothing else. Its refusals name
 * their provisioning code in the CONNACK, as EST names it to the same device.
 */
public final class DeviceAuthenticator implements SimpleAuthenticator {

    private static final Logger log = LoggerFactory.getLogger(DeviceAuthenticator.class);
    private static final int MAX_ADMITTING = 1_000;
    private static final Duration ADMISSION_TIMEOUT = Duration.ofSeconds(30);

    private final DeviceAuthentication authentication;
    private final ConnectedDevices sessions;
    private final FleetMemory fleet;
    private final BootstrapGate bootstrap;
    private final ExecutorService admissions = Executors.newVirtualThreadPerTaskExecutor();
    // bounds the first contacts waiting for the database; more are told to come back rather than queued without end
    private final Semaphore admitting = new Semaphore(MAX_ADMITTING);
    private volatile @Nullable ConnectIdentification identification;

    public DeviceAuthenticator(
            DeviceAuthentication authentication,
            ConnectedDevices sessions,
            FleetMemory fleet,
            BootstrapGate bootstrap) {
        this.authentication = authentication;
        this.sessions = sessions;
        this.fleet = fleet;
        this.bootstrap = bootstrap;
    }

    /** Where the CONNECT interceptor left its decision; set once the extension starts. */
    void decidedBy(ConnectIdentification identification) {
        this.identification = identification;
    }

    @Override
    public void onConnect(SimpleAuthInput input, SimpleAuthOutput output) {
        String clientId = input.getClientInformation().getClientId();
        if (!fleet.loaded()) {
            // revocations, device states and policies are not all in memory yet: decide nothing on half the facts
            sessions.fleet().connectFailed(null);
            output.failAuthentication(ConnackReasonCode.SERVER_UNAVAILABLE, "the server is starting");
            return;
        }
        ConnectIdentification decided = identification;
        Decision decision = (decided == null
                        ? Optional.<Decision>empty()
                        : decided.take(input.getConnectionInformation().getConnectionAttributeStore()))
                .orElseGet(() -> new Decision.Refused("the CONNECT was not identified"));
        if (decision instanceof Decision.Accepted accepted
                && !clientId.equals(ConnectIdentification.sessionId(accepted.device()))) {
            decision = new Decision.Refused("the session's client id was changed after identification");
        }
        if (decision instanceof Decision.Bootstrap first) {
            if (clientId.equals(BootstrapSession.sessionId(first.fingerprint(), first.clientId()))) {
                admit(first, input, output);
                return;
            }
            decision = new Decision.Refused("the session's client id was changed after identification");
        }
        if (decision instanceof Decision.Accepted && sessions.heldOff(clientId)) {
            // cut off for flooding moments ago: the device waits out its hold-off before it may publish again
            sessions.traffic(clientId).connectFailed(ConnectedDevices.address(input.getConnectionInformation()));
            log.info("Refused MQTT connection of client '{}': held off after publishing too fast", printable(clientId));
            output.failAuthentication(
                    ConnackReasonCode.CONNECTION_RATE_EXCEEDED, "held off after publishing too fast; retry later");
            return;
        }
        SessionPolicy policy = null;
        boolean identified = decision instanceof Decision.Accepted;
        if (decision instanceof Decision.Accepted accepted) {
            switch (compile(accepted.device())) {
                case SessionPolicies.Outcome.Compiled compiled -> {
                    policy = compiled.policy();
                    decision = permitted(accepted, policy.compiled(), input.getConnectPacket());
                }
                case SessionPolicies.Outcome.Refused refused -> decision = new Decision.Refused(refused.reason());
            }
            if (decision instanceof Decision.Refused) {
                sessions.traffic(clientId).connectFailed(ConnectedDevices.address(input.getConnectionInformation()));
                sessions.traffic(clientId).refused(DeviceTraffic.Refused.CONNECT);
            }
        }
        if (decision instanceof Decision.Accepted accepted && policy != null) {
            sessions.connected(clientId, accepted.device(), input.getConnectionInformation(), policy);
            // Nothing is allowed until the device's policy says so: the broker's own default would allow every
            // topic to every authenticated client.
            output.getDefaultPermissions().setDefaultBehaviour(DefaultAuthorizationBehaviour.DENY);
            if (policy.quarantined()) {
                // told at once, so that the device holds back its telemetry instead of having it refused
                output.getOutboundUserProperties()
                        .addUserProperty(SessionSignals.SESSION_PROPERTY, SessionSignals.QUARANTINED);
            }
            output.authenticateSuccessfully();
            return;
        }
        if (!identified) {
            // refused before any device was identified: only the fleet's counters can hold it
            sessions.fleet().connectFailed(null);
            sessions.fleet().refused(DeviceTraffic.Refused.CONNECT);
        }
        String reason = decision instanceof Decision.Refused refused ? refused.reason() : "no policy was compiled";
        log.info("Refused MQTT connection of client '{}': {}", printable(clientId), reason);
        output.failAuthentication(ConnackReasonCode.NOT_AUTHORIZED, "not authorized");
    }

    /**
     * A first contact with a bootstrap certificate: the feature above decides, on a thread of its own, whether the
     * session may open and for which tenant and device; the CONNECT waits for it.
     */
    private void admit(Decision.Bootstrap first, SimpleAuthInput input, SimpleAuthOutput output) {
        Optional<BootstrapEnrolment> enrolment = bootstrap.enrolment();
        String refusal = enrolment.isEmpty()
                ? "bootstrap certificates are not accepted here"
                : input.getConnectPacket().getWillPublish().isPresent()
                        ? "a first-contact session may not leave a will message"
                        : null;
        if (refusal != null) {
            refuseBootstrap(first, output, refusal);
            return;
        }
        if (!admitting.tryAcquire()) {
            sessions.fleet().connectFailed(null);
            output.failAuthentication(ConnackReasonCode.SERVER_BUSY, "too many first contacts; try again shortly");
            return;
        }
        Async<SimpleAuthOutput> waiting = output.async(
                ADMISSION_TIMEOUT,
                TimeoutFallback.FAILURE,
                ConnackReasonCode.SERVER_UNAVAILABLE,
                "the first contact could not be decided in time");
        String clientId = input.getClientInformation().getClientId();
        @Nullable String label = input.getConnectPacket().getUserName().orElse(null);
        admissions.execute(() -> {
            try {
                BootstrapEnrolment.Admission admission = enrolment.get().admit(first.chain(), label, first.clientId());
                if (waiting.getStatus() != Async.Status.RUNNING) {
                    return; // timed out meanwhile: the CONNECT was refused, so no session may be recorded
                }
                switch (admission) {
                    case BootstrapEnrolment.Admission.Admitted admitted -> {
                        var identity = new BootstrapEnrolment.Session(
                                admitted.tenant(), admitted.device(), List.of(first.chain()));
                        sessions.connectedBootstrap(
                                clientId,
                                identity,
                                first.fingerprint(),
                                input.getConnectionInformation(),
                                SessionPolicies.bootstrap(admitted.tenant(), admitted.device()));
                        output.getDefaultPermissions().setDefaultBehaviour(DefaultAuthorizationBehaviour.DENY);
                        output.authenticateSuccessfully();
                    }
                    case BootstrapEnrolment.Admission.Refused refused ->
                        refuseBootstrap(first, output, refused.reason());
                }
            } catch (RuntimeException e) {
                log.warn("A first contact over MQTT could not be decided", e);
                sessions.fleet().connectFailed(null);
                output.failAuthentication(ConnackReasonCode.SERVER_UNAVAILABLE, "try again later");
            } finally {
                admitting.release();
                waiting.resume();
            }
        });
    }

    private void refuseBootstrap(Decision.Bootstrap first, SimpleAuthOutput output, String reason) {
        sessions.fleet().connectFailed(null);
        sessions.fleet().refused(DeviceTraffic.Refused.CONNECT);
        log.info("Refused the first contact over MQTT of client '{}': {}", printable(first.clientId()), reason);
        // the device learns why, as it would over EST: what it is told concerns its own certificate only
        output.failAuthentication(ConnackReasonCode.NOT_AUTHORIZED, reason);
    }

    /** The session's policy from what the broker holds in memory of the device and its tenant. */
    SessionPolicies.Outcome compile(AuthenticatedDevice identity) {
        return fleet.device(identity.tenant(), identity.device())
                .map(device -> SessionPolicies.compile(identity, device, fleet.policies(identity.tenant())))
                .orElseGet(() -> new SessionPolicies.Outcome.Refused("the device is not registered"));
    }

    /** The decision for a client id and the certificate chain it presented (none on a plaintext listener). */
    public Decision decide(String clientId, Optional<X509Certificate[]> presented) {
        if (presented.isEmpty() || presented.get().length == 0) {
            return new Decision.Refused("no client certificate");
        }
        X509Certificate[] chain = presented.get();
        try {
            authentication.checkChain(chain);
        } catch (CertificateException e) {
            if (bootstrap.isBootstrap(chain)) {
                return new Decision.Bootstrap(chain.clone(), fingerprint(chain[0]), clientId);
            }
            return new Decision.Refused(String.valueOf(e.getMessage()));
        }
        Optional<AuthenticatedDevice> identified = authentication.identify(chain[0]);
        if (identified.isEmpty()) {
            return new Decision.Refused(
                    "the certificate is revoked, expired, or not a device certificate of a trusted CA");
        }
        AuthenticatedDevice device = identified.get();
        if (device.kind() != IdentityKind.DEVICE) {
            return new Decision.Refused("a " + device.kind().name().toLowerCase(java.util.Locale.ROOT)
                    + " certificate may only enrol, not connect");
        }
        if (!device.device().value().equals(clientId)) {
            return new Decision.Refused(
                    "the client id is not the device id " + device.device().value() + " that the certificate names");
        }
        return new Decision.Accepted(device);
    }

    /** Whether the session's policy lets it connect, and publish its will message if it has one. */
    private static Decision permitted(Decision.Accepted accepted, CompiledPolicy policy, ConnectPacket connect) {
        if (!policy.mayConnect(accepted.device().device().value())) {
            return new Decision.Refused("the device's policy does not allow it to connect");
        }
        Optional<WillPublishPacket> will = connect.getWillPublish();
        if (will.isPresent()) {
            Optional<String> topic =
                    TopicMount.of(accepted.device().tenant()).unmount(will.get().getTopic());
            boolean allowed = topic.isPresent()
                    && (will.get().getRetain() ? policy.mayRetain(topic.get()) : policy.mayPublish(topic.get()));
            if (!allowed) {
                return new Decision.Refused("the device's policy does not allow its will message's topic");
            }
        }
        return accepted;
    }

    private static String fingerprint(X509Certificate certificate) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot hash a client certificate", e);
        }
    }

    /** Client ids are chosen by the client: never let one forge log lines. */
    private static String printable(String clientId) {
        StringBuilder out = new StringBuilder(Math.min(clientId.length(), 128));
        clientId.codePoints().limit(128).forEach(c -> out.appendCodePoint(Character.isISOControl(c) ? '?' : c));
        return out.toString();
    }

    /** The outcome of a CONNECT. */
    public sealed interface Decision {
        record Accepted(AuthenticatedDevice device) implements Decision {}

        record Refused(String reason) implements Decision {}

        /**
         * A manufacturer's bootstrap certificate, for the device's first contact; admitted (or not) at authentication.
         *
         * @param fingerprint the certificate's SHA-256, hex
         * @param clientId the client id the device chose
         */
        record Bootstrap(X509Certificate[] chain, String fingerprint, String clientId) implements Decision {}
    }
}
