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
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** The devices with a live session, by the broker's client id for them ({@code <tenant-uuid>/<device-id>}). */
public final class ConnectedDevices {

    private final Clock clock;
    private final ConcurrentMap<String, BrokerSession> byClientId = new ConcurrentHashMap<>();

    public ConnectedDevices(Clock clock) {
        this.clock = clock;
    }

    void connected(
            String clientId, AuthenticatedDevice device, ConnectionInformation connection, CompiledPolicy policy) {
        String address =
                connection.getInetAddress().map(InetAddress::getHostAddress).orElse(null);
        byClientId.put(
                clientId,
                new BrokerSession(
                        new ConnectedDevice(device, clock.instant(), address), TopicMount.of(device.tenant()), policy));
    }

    public void disconnected(String clientId) {
        byClientId.remove(clientId);
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
