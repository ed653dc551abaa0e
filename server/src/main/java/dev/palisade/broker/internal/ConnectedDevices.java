package dev.palisade.broker.internal;

import com.hivemq.extension.sdk.api.client.parameter.ConnectionInformation;
import dev.palisade.broker.ConnectedDevice;
import dev.palisade.pki.AuthenticatedDevice;
import dev.palisade.pki.CaId;
import dev.palisade.policy.CompiledPolicy;
import java.math.BigInteger;
import java.net.InetAddress;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** The devices with a live session, by the broker's client id for them ({@code <tenant-uuid>/<device-id>}). */
public final class ConnectedDevices {

    private static final String CONNECTION = "palisade.connection";

    private final Clock clock;
    private final ConcurrentMap<String, BrokerSession> byClientId = new ConcurrentHashMap<>();

    public ConnectedDevices(Clock clock) {
        this.clock = clock;
    }

    void connected(
            String clientId, AuthenticatedDevice device, ConnectionInformation connection, CompiledPolicy policy) {
        String address =
                connection.getInetAddress().map(InetAddress::getHostAddress).orElse(null);
        String mark = UUID.randomUUID().toString();
        connection.getConnectionAttributeStore().putAsString(CONNECTION, mark);
        byClientId.put(
                clientId,
                new BrokerSession(
                        new ConnectedDevice(device, clock.instant(), address),
                        TopicMount.of(device.tenant()),
                        policy,
                        mark));
    }

    /** Forgets the session of {@code clientId}, whichever connection it is on (the broker is closing it). */
    public void disconnected(String clientId) {
        byClientId.remove(clientId);
    }

    /**
     * Forgets the session of {@code clientId} if it is still the one of {@code connection}: when a device reconnects
     * and takes over its own session, the old connection's end arrives after the new one began, and must not take the
     * new session with it.
     */
    void disconnected(String clientId, ConnectionInformation connection) {
        connection
                .getConnectionAttributeStore()
                .getAsString(CONNECTION)
                .ifPresent(mark -> byClientId.computeIfPresent(
                        clientId, (id, session) -> session.connection().equals(mark) ? null : session));
    }

    /** The broker's client ids of the sessions that authenticated with one of {@code serials} of {@code issuer}. */
    public List<String> presenting(CaId issuer, Set<BigInteger> serials) {
        return byClientId.entrySet().stream()
                .filter(entry -> entry.getValue().device().identity().issuer().equals(issuer)
                        && serials.contains(entry.getValue().device().identity().serial()))
                .map(Map.Entry::getKey)
                .toList();
    }

    Optional<BrokerSession> session(String clientId) {
        return Optional.ofNullable(byClientId.get(clientId));
    }

    public Optional<ConnectedDevice> get(String clientId) {
        return session(clientId).map(BrokerSession::device);
    }

    public List<ConnectedDevice> all() {
        return byClientId.values().stream().map(BrokerSession::device).toList();
    }
}
