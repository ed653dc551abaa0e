package dev.palisade.broker.internal;

import com.hivemq.extension.sdk.api.client.parameter.ConnectionInformation;
import dev.palisade.broker.BootstrapEnrolment;
import dev.palisade.broker.ConnectedDevice;
import dev.palisade.broker.DeviceMetrics;
import dev.palisade.broker.LiveSession;
import dev.palisade.pki.AuthenticatedDevice;
import dev.palisade.pki.CaId;
import dev.palisade.shared.TenantId;
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
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * The devices with a live session, by the broker's client id for them ({@code <tenant-uuid>/<device-id>}), and the
 * traffic counters and publish rate of every device seen since the server started, by the same id. Sessions of devices' first contact
 * with a bootstrap certificate are kept apart ({@link BootstrapSession}): they are no device's live session, and
 * nothing but their own decisions and the answers to their requests concerns them.
 */
public final class ConnectedDevices {

    private static final String CONNECTION = "palisade.connection";

    private final Clock clock;
    private final RateLimits limits;
    private final LongSupplier ticker;
    private final ConcurrentMap<String, BrokerSession> byClientId = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, BootstrapSession> bootstrapping = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, DeviceTraffic> traffic = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, PublishRate> rates = new ConcurrentHashMap<>();
    private final DeviceTraffic fleet = new DeviceTraffic();

    /**
     * @param limits what each session's publish rate is held to
     * @param ticker a monotonic clock in nanoseconds, for publish rates
     */
    public ConnectedDevices(Clock clock, RateLimits limits, LongSupplier ticker) {
        this.clock = clock;
        this.limits = limits;
        this.ticker = ticker;
    }

    void connected(
            String clientId, AuthenticatedDevice device, ConnectionInformation connection, SessionPolicy policy) {
        String address = address(connection);
        String mark = UUID.randomUUID().toString();
        connection.getConnectionAttributeStore().putAsString(CONNECTION, mark);
        var since = clock.instant();
        DeviceTraffic counters = traffic(clientId);
        counters.connected(address, since);
        PublishRate rate = rate(clientId);
        rate.allow(limits.allowance(policy.publishLimit()));
        byClientId.put(
                clientId,
                new BrokerSession(
                        new ConnectedDevice(device, since, address),
                        TopicMount.of(device.tenant()),
                        policy,
                        mark,
                        counters,
                        rate));
    }

    /** The publish rate of the device of {@code clientId}, made on first use and kept across its sessions. */
    private PublishRate rate(String clientId) {
        return rates.computeIfAbsent(clientId, id -> new PublishRate(limits, limits.allowance(null)));
    }

    /** Whether the device of {@code clientId} was cut off for its publish rate and may not connect yet. */
    boolean heldOff(String clientId) {
        PublishRate rate = rates.get(clientId);
        return rate != null && rate.heldOff(ticker.getAsLong());
    }

    /** Registers a first-contact session with a bootstrap certificate, held to {@code policy}. */
    void connectedBootstrap(
            String clientId,
            BootstrapEnrolment.Session identity,
            String fingerprint,
            ConnectionInformation connection,
            SessionPolicy policy) {
        String mark = UUID.randomUUID().toString();
        connection.getConnectionAttributeStore().putAsString(CONNECTION, mark);
        var counters = new DeviceTraffic(fleet);
        counters.connected(address(connection), clock.instant());
        // a first contact has no device to keep a rate for across sessions: its own, at the server's default
        var rate = new PublishRate(limits, limits.allowance(policy.publishLimit()));
        bootstrapping.put(
                clientId,
                new BootstrapSession(
                        identity, fingerprint, TopicMount.of(identity.tenant()), policy, mark, counters, rate));
    }

    /** The broker's client ids of the first-contact sessions holding the bootstrap certificate {@code fingerprint}. */
    List<String> bootstrapSessions(String fingerprint) {
        String prefix = BootstrapSession.sessionId(fingerprint, "");
        return bootstrapping.keySet().stream()
                .filter(id -> id.startsWith(prefix))
                .toList();
    }

    /** Forgets a first-contact session the broker is closing. */
    void bootstrapEnded(String clientId) {
        BootstrapSession ended = bootstrapping.remove(clientId);
        if (ended != null) {
            ended.traffic().disconnected();
        }
    }

    /** How many first-contact sessions are open. */
    public int bootstrapCount() {
        return bootstrapping.size();
    }

    static @Nullable String address(ConnectionInformation connection) {
        return connection.getInetAddress().map(InetAddress::getHostAddress).orElse(null);
    }

    /** The counters of the device of {@code clientId}, made on first use. */
    DeviceTraffic traffic(String clientId) {
        return traffic.computeIfAbsent(clientId, id -> new DeviceTraffic(fleet));
    }

    /** The counters of the whole fleet: every device's added up, and refusals that name no device. */
    DeviceTraffic fleet() {
        return fleet;
    }

    /** The whole fleet's traffic since the server started. */
    public DeviceMetrics fleetMetrics() {
        return fleet.snapshot();
    }

    /** How many devices' counters are kept. */
    public int trackedDevices() {
        return traffic.size();
    }

    /** What has been counted of the device of {@code clientId}, if it was ever seen. */
    public Optional<DeviceMetrics> metrics(String clientId) {
        return Optional.ofNullable(traffic.get(clientId)).map(DeviceTraffic::snapshot);
    }

    /** The session of {@code clientId} as an operator sees it. */
    public Optional<LiveSession> live(String clientId) {
        return session(clientId)
                .map(session -> new LiveSession(
                        session.device(),
                        session.policy().sources(),
                        session.policy().quarantined(),
                        session.traffic().snapshot()));
    }

    public boolean isConnected(String clientId) {
        return byClientId.containsKey(clientId);
    }

    /** Forgets the session of {@code clientId}, whichever connection it is on (the broker is closing it). */
    public void disconnected(String clientId) {
        BrokerSession ended = byClientId.remove(clientId);
        if (ended != null) {
            ended.traffic().disconnected();
        }
    }

    /**
     * Forgets the session of {@code clientId} if it is still the one of {@code connection}: when a device reconnects
     * and takes over its own session, the old connection's end arrives after the new one began, and must not take the
     * new session with it.
     */
    void disconnected(String clientId, ConnectionInformation connection) {
        connection.getConnectionAttributeStore().getAsString(CONNECTION).ifPresent(mark -> {
            byClientId.computeIfPresent(clientId, (id, session) -> endedOn(session, mark));
            bootstrapping.computeIfPresent(clientId, (id, session) -> endedOn(session, mark));
        });
    }

    /** Null (forgotten) if {@code session} is the one of the connection marked {@code mark}, which ended. */
    private static <S extends MqttSession> @Nullable S endedOn(S session, String mark) {
        if (!session.connection().equals(mark)) {
            return session;
        }
        session.traffic().disconnected();
        return null;
    }

    /** Replaces the decisions of a live session, its publish limit included; false if it ended meanwhile. */
    boolean replacePolicy(String clientId, SessionPolicy policy) {
        return byClientId.computeIfPresent(clientId, (id, session) -> {
                    session.rate().allow(limits.allowance(policy.publishLimit()));
                    return session.withPolicy(policy);
                })
                != null;
    }

    /** Forgets the session of {@code clientId}, an operational device's or a first contact's (the broker closes it). */
    void ended(String clientId) {
        disconnected(clientId);
        bootstrapEnded(clientId);
    }

    /** The broker's client ids of the sessions that authenticated with one of {@code serials} of {@code issuer}. */
    public List<String> presenting(CaId issuer, Set<BigInteger> serials) {
        return byClientId.entrySet().stream()
                .filter(entry -> entry.getValue().device().identity().issuer().equals(issuer)
                        && serials.contains(entry.getValue().device().identity().serial()))
                .map(Map.Entry::getKey)
                .toList();
    }

    /** The client ids of {@code tenant}'s sessions. */
    public List<String> ofTenant(TenantId tenant) {
        String prefix = tenant.value() + "/";
        return byClientId.keySet().stream().filter(id -> id.startsWith(prefix)).toList();
    }

    Optional<BrokerSession> session(String clientId) {
        return Optional.ofNullable(byClientId.get(clientId));
    }

    /** As {@link #decisions}, without wrapping: asked on every PUBLISH. */
    @Nullable
    MqttSession publishing(String clientId) {
        BrokerSession device = byClientId.get(clientId);
        return device != null ? device : bootstrapping.get(clientId);
    }

    /** What the session of {@code clientId} is decided on, an operational device's or a first contact's. */
    Optional<MqttSession> decisions(String clientId) {
        BrokerSession device = byClientId.get(clientId);
        return device != null ? Optional.of(device) : Optional.ofNullable(bootstrapping.get(clientId));
    }

    public Optional<ConnectedDevice> get(String clientId) {
        return session(clientId).map(BrokerSession::device);
    }

    public List<ConnectedDevice> all() {
        return byClientId.values().stream().map(BrokerSession::device).toList();
    }

    public int count() {
        return byClientId.size();
    }
}
