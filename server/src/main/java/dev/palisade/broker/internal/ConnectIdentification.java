package dev.palisade.broker.internal;

import com.hivemq.extension.sdk.api.client.parameter.ClientTlsInformation;
import com.hivemq.extension.sdk.api.client.parameter.ConnectionAttributeStore;
import com.hivemq.extension.sdk.api.interceptor.connect.ConnectInboundInterceptor;
import com.hivemq.extension.sdk.api.interceptor.connect.parameter.ConnectInboundInput;
import com.hivemq.extension.sdk.api.interceptor.connect.parameter.ConnectInboundOutput;
import dev.palisade.broker.internal.DeviceAuthenticator.Decision;
import dev.palisade.identity.DeviceId;
import dev.palisade.pki.AuthenticatedDevice;
import dev.palisade.shared.TenantId;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Identifies the device of every CONNECT before the broker looks at its client id, and gives the session a client id
 * qualified by the tenant ({@code <tenant-uuid>/<device-id>}). Device ids are unique only within a tenant: without
 * this, a device of one tenant could take over the session (and with it the subscriptions and queued messages) of the
 * device of the same name in another. The device never sees the qualified id.
 *
 * <p>A first contact with a manufacturer's bootstrap certificate gets a client id outside every tenant's devices
 * ({@link BootstrapSession}), and no session state that outlives its connection.
 *
 * <p>The decision is made once, here, and handed to the authenticator through the connection's attributes.
 */
public final class ConnectIdentification implements ConnectInboundInterceptor {

    private static final String DECISION = "palisade.connect-decision";

    private final DeviceAuthenticator authenticator;
    private final ConcurrentMap<String, Decision> pending = new ConcurrentHashMap<>();

    public ConnectIdentification(DeviceAuthenticator authenticator) {
        this.authenticator = authenticator;
    }

    /** The broker's client id for a device: qualified by its tenant. */
    public static String sessionId(AuthenticatedDevice device) {
        return sessionId(device.tenant(), device.device());
    }

    public static String sessionId(TenantId tenant, DeviceId device) {
        return tenant.value() + "/" + device.value();
    }

    @Override
    public void onConnect(ConnectInboundInput input, ConnectInboundOutput output) {
        String clientId = input.getConnectPacket().getClientId();
        Decision decision = authenticator.decide(
                clientId,
                input.getConnectionInformation()
                        .getClientTlsInformation()
                        .flatMap(ClientTlsInformation::getClientCertificateChain));
        if (decision instanceof Decision.Accepted accepted) {
            output.getConnectPacket().setClientId(sessionId(accepted.device()));
            // the will is published in the tenant's tree like every other message; the authenticator checks it
            TopicMount mount = TopicMount.of(accepted.device().tenant());
            output.getConnectPacket()
                    .getModifiableWillPublish()
                    .ifPresent(will -> will.setTopic(mount.mount(will.getTopic())));
        } else if (decision instanceof Decision.Bootstrap first) {
            // a first contact leaves nothing behind: no session state outlives the connection
            output.getConnectPacket().setClientId(BootstrapSession.sessionId(first.fingerprint(), first.clientId()));
            output.getConnectPacket().setCleanStart(true);
            output.getConnectPacket().setSessionExpiryInterval(0);
        }
        String key = UUID.randomUUID().toString();
        pending.put(key, decision);
        input.getConnectionInformation()
                .getConnectionAttributeStore()
                .put(DECISION, ByteBuffer.wrap(key.getBytes(StandardCharsets.US_ASCII)));
    }

    /** The decision made for this connection's CONNECT, taken out so that it is used once. */
    Optional<Decision> take(ConnectionAttributeStore attributes) {
        return attributes.get(DECISION).map(value -> {
            attributes.remove(DECISION);
            return pending.remove(
                    StandardCharsets.US_ASCII.decode(value.duplicate()).toString());
        });
    }
}
