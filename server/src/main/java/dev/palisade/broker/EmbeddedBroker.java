package dev.palisade.broker;

import com.hivemq.embedded.EmbeddedExtension;
import com.hivemq.embedded.EmbeddedHiveMQ;
import dev.palisade.broker.internal.BootstrapGate;
import dev.palisade.broker.internal.BrokerConfigFile;
import dev.palisade.broker.internal.BrokerTlsProvider;
import dev.palisade.broker.internal.BrokerTrustStore;
import dev.palisade.broker.internal.ConnectIdentification;
import dev.palisade.broker.internal.ConnectedDevices;
import dev.palisade.broker.internal.DeviceAuthenticator;
import dev.palisade.broker.internal.DeviceInbox;
import dev.palisade.broker.internal.FleetMemory;
import dev.palisade.broker.internal.LiveEnforcement;
import dev.palisade.broker.internal.PalisadeExtension;
import dev.palisade.broker.internal.RateLimits;
import dev.palisade.broker.internal.SessionPolicies;
import dev.palisade.broker.internal.TopicFilters;
import dev.palisade.broker.internal.TopicMount;
import dev.palisade.identity.Device;
import dev.palisade.identity.DeviceId;
import dev.palisade.pki.CaId;
import dev.palisade.pki.CertificateAuthorities;
import dev.palisade.pki.DeviceAuthentication;
import dev.palisade.shared.DataDirectory;
import dev.palisade.shared.SecretFiles;
import dev.palisade.shared.TenantId;
import jakarta.annotation.PreDestroy;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.DependsOn;
import org.springframework.stereotype.Service;

/**
 * Runs the embedded HiveMQ CE broker for as long as the server runs, with its configuration, data and trust store under
 * {@code broker/} in the data directory. Its TLS identity is the device endpoint's ({@code tls/device-endpoint.p12}):
 * devices verify both device-facing endpoints by the same names and root.
 */
@Service
// its TLS identity is the device endpoint's key store, which that bean creates on a first start
@DependsOn("deviceEndpointIdentity")
public class EmbeddedBroker implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedBroker.class);

    private final BrokerSettings settings;
    private final DataDirectory dataDirectory;
    private final CertificateAuthorities authorities;
    private final DeviceAuthentication authentication;
    private final ConnectedDevices sessions;
    private final FleetMemory fleet = new FleetMemory();
    private final BootstrapGate bootstrap;
    private final DeviceAuthenticator authenticator;
    private final PalisadeExtension extension;
    private final LiveEnforcement enforcement;
    private final CompletableFuture<@Nullable EmbeddedHiveMQ> starting;
    private volatile @Nullable EmbeddedHiveMQ broker;
    private volatile boolean stopped;

    EmbeddedBroker(
            BrokerSettings settings,
            DataDirectory dataDirectory,
            CertificateAuthorities authorities,
            DeviceAuthentication authentication,
            ObjectProvider<DeviceMessageHandler> handlers,
            ObjectProvider<BootstrapEnrolment> bootstrapEnrolment,
            PublishRateAudit rateAudit,
            Clock clock) {
        this.settings = settings;
        this.dataDirectory = dataDirectory;
        this.authorities = authorities;
        this.authentication = authentication;
        var rateLimits = new RateLimits(settings.rateLimit(), settings.maxPacketSize());
        this.sessions = new ConnectedDevices(clock, rateLimits, System::nanoTime);
        this.bootstrap = new BootstrapGate(bootstrapEnrolment::getIfAvailable);
        this.authenticator = new DeviceAuthenticator(authentication, sessions, fleet, bootstrap);
        this.extension = new PalisadeExtension(
                authenticator,
                sessions,
                new DeviceInbox(() -> handlers.orderedStream().toList()),
                bootstrap,
                settings.commandAcknowledgementTimeout(),
                new PalisadeExtension.RateReporting(
                        rateAudit, System::nanoTime, clock, settings.rateLimit().reconnectHoldOff()));
        this.enforcement = new LiveEnforcement(sessions, authenticator, extension, fleet);
        // HiveMQ takes seconds to start: let it overlap with the rest of the server's start-up
        this.starting = settings.enabled()
                ? CompletableFuture.supplyAsync(
                        this::startBroker,
                        runnable -> Thread.ofPlatform()
                                .name("broker-start")
                                .daemon()
                                .start(runnable))
                : CompletableFuture.completedFuture(null);
    }

    /** The TLS listener's port, or -1 when the broker does not run. */
    public int port() {
        return broker == null ? -1 : settings.port();
    }

    /** The devices connected now. */
    public List<ConnectedDevice> connectedDevices() {
        return sessions.all();
    }

    /** The device's live session, if it has one. */
    public Optional<ConnectedDevice> connected(TenantId tenant, DeviceId device) {
        return sessions.get(ConnectIdentification.sessionId(tenant, device));
    }

    /**
     * Publishes to a topic of {@code tenant}'s tree, named as its devices name it, at least once; each subscriber
     * receives it only if its policy allows receiving that topic.
     *
     * @throws IllegalStateException when the broker does not run
     */
    public CompletableFuture<Void> publish(TenantId tenant, String topic, byte[] payload) {
        if (broker == null) {
            throw new IllegalStateException("the MQTT broker is not running");
        }
        return extension.publish(tenant, topic, payload);
    }

    /**
     * Closes, without their wills, the sessions that authenticated with one of {@code serials} of {@code issuer}, and
     * returns the broker's ids of those sessions.
     */
    public List<String> disconnectPresenting(CaId issuer, Set<BigInteger> serials, String reason) {
        if (broker == null) {
            return List.of();
        }
        List<String> sessionIds = sessions.presenting(issuer, serials);
        sessionIds.forEach(id -> {
            sessions.disconnected(id);
            extension.disconnect(id, reason);
        });
        return sessionIds;
    }

    /**
     * Sends a command to the device's live session and then closes the session ("not authorized", no will), in that
     * order: the command is published at QoS 1 and the session closed once the device acknowledged it, or once {@code
     * wait} has passed. Closing first, or right after the publish service took the message (it answers once the
     * message is queued, not delivered), could drop the command with the connection. Sends nothing, and closes nothing,
     * to a device without a live session; a connected device that does not subscribe to the command's topic is closed
     * without it.
     *
     * @param topic the command's topic as the device names it, such as {@code devices/meter-0042/commands/wipe}
     */
    public CommandDelivery sendThenDisconnect(
            TenantId tenant, DeviceId device, String topic, byte[] payload, Duration wait, String reason) {
        String clientId = ConnectIdentification.sessionId(tenant, device);
        if (broker == null || !sessions.isConnected(clientId)) {
            return CommandDelivery.NOT_CONNECTED;
        }
        try {
            return send(tenant, clientId, topic, payload, wait);
        } finally {
            sessions.disconnected(clientId);
            extension.disconnect(clientId, reason);
        }
    }

    private CommandDelivery send(TenantId tenant, String clientId, String topic, byte[] payload, Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        var mount = TopicMount.of(tenant);
        try {
            boolean subscribed = extension.subscriptions(clientId).get(wait.toNanos(), TimeUnit.NANOSECONDS).stream()
                    .flatMap(filter -> mount.unmountFilter(filter).stream())
                    .anyMatch(filter -> TopicFilters.matches(filter, topic));
            if (!subscribed) {
                return CommandDelivery.NOT_SUBSCRIBED;
            }
            CompletableFuture<CommandDelivery> receipt = extension.receipts().expect(clientId, payload);
            try {
                extension.publish(tenant, topic, payload).get(remaining(deadline), TimeUnit.NANOSECONDS);
                return receipt.get(remaining(deadline), TimeUnit.NANOSECONDS);
            } finally {
                extension.receipts().forget(clientId);
            }
        } catch (TimeoutException e) {
            return CommandDelivery.UNACKNOWLEDGED;
        } catch (ExecutionException e) {
            log.warn("A command to {} was not published: {}", clientId, String.valueOf(e.getCause()));
            return CommandDelivery.UNACKNOWLEDGED;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return CommandDelivery.UNACKNOWLEDGED;
        }
    }

    private static long remaining(long deadline) {
        return Math.max(0, deadline - System.nanoTime());
    }

    /** The tenant's live sessions, in device order. */
    public List<LiveSession> sessions(TenantId tenant) {
        return sessions.ofTenant(tenant).stream()
                .flatMap(clientId -> liveSession(clientId).stream())
                .sorted(java.util.Comparator.comparing(
                        session -> session.device().identity().device().value()))
                .toList();
    }

    /** The device's live session, with its policy and traffic. */
    public Optional<LiveSession> session(TenantId tenant, DeviceId device) {
        return liveSession(ConnectIdentification.sessionId(tenant, device));
    }

    private Optional<LiveSession> liveSession(String clientId) {
        return sessions.live(clientId);
    }

    /** What the broker has counted of the device since the server started, if it has seen it. */
    public Optional<DeviceMetrics> metrics(TenantId tenant, DeviceId device) {
        return sessions.metrics(ConnectIdentification.sessionId(tenant, device));
    }

    /** The whole fleet's traffic since the server started, every device's added up. */
    public DeviceMetrics fleetMetrics() {
        return sessions.fleetMetrics();
    }

    public int sessionCount() {
        return sessions.count();
    }

    /** How many sessions of devices' first contact, with a bootstrap certificate, are open. */
    public int bootstrapSessionCount() {
        return sessions.bootstrapCount();
    }

    /**
     * What the device's sessions will be compiled from once it is active, from what the broker holds now: the policies
     * attached to it and to its groups, or the built-in device template. Tells a device that just enrolled what it may
     * do.
     */
    public DevicePolicy policyWhenActive(TenantId tenant, DeviceId device) {
        Collection<String> groups = fleet.device(tenant, device)
                .<Collection<String>>map(Device::groups)
                .orElse(Set.of());
        return SessionPolicies.whenActive(device.value(), groups, fleet.policies(tenant));
    }

    /** How many devices the broker holds in memory to decide CONNECTs. */
    public int devicesInMemory() {
        return fleet.deviceCount();
    }

    /** Closes the device's live session ("not authorized", no will); false if it had none. */
    public boolean disconnect(TenantId tenant, DeviceId device, String reason) {
        String clientId = ConnectIdentification.sessionId(tenant, device);
        if (broker == null || !sessions.isConnected(clientId)) {
            return false;
        }
        sessions.disconnected(clientId);
        extension.disconnect(clientId, reason);
        return true;
    }

    /** The devices and policies the broker decides on, kept by {@link FleetSync}. */
    FleetMemory fleet() {
        return fleet;
    }

    /** Applies the current facts in memory to the live sessions of {@code devices}. */
    LiveEnforcement.Outcome reapply(TenantId tenant, java.util.Collection<DeviceId> devices, String reason) {
        return enforcement.reapply(
                devices.stream()
                        .map(device -> ConnectIdentification.sessionId(tenant, device))
                        .toList(),
                reason);
    }

    /** Applies a change of the tenant's {@code policies} (now in memory) to the live sessions it concerns. */
    LiveEnforcement.Outcome reapply(TenantId tenant, Set<String> policies, String reason) {
        return enforcement.reapplyConcerned(sessions.ofTenant(tenant), policies, reason);
    }

    /** Waits for the broker that began starting with this bean: the server is not up until devices can connect. */
    @Override
    public void start() {
        try {
            broker = starting.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException failure ? failure : e;
        }
        if (broker != null) {
            log.info(
                    "MQTT broker listening on {}:{} (TLS 1.3, client certificates)",
                    settings.bindAddress(),
                    settings.port());
        }
    }

    private EmbeddedHiveMQ startBroker() {
        Path home = SecretFiles.ownerOnlyDirectory(dataDirectory.root().resolve("broker"));
        String password = SecretFiles.readOrGenerate(dataDirectory.secrets().resolve("tls-keystore.password"));
        Path keyStore = dataDirectory.tls().resolve("device-endpoint.p12");
        var trustStore = new BrokerTrustStore(home.resolve("trusted-roots.p12"), password.toCharArray());
        Runnable writeTrust = () -> trustStore.write(
                authorities.rootCertificate().map(List::of).orElse(List.of()), endpointCertificate(keyStore, password));
        writeTrust.run();
        authorities.onTrustChanged(writeTrust);
        BrokerConfigFile.write(home.resolve("conf"), settings, keyStore, trustStore.file(), password);
        BrokerTlsProvider.choose(settings.tlsProvider(), authentication, bootstrap);

        EmbeddedHiveMQ started = EmbeddedHiveMQ.builder()
                .withConfigurationFolder(home.resolve("conf"))
                .withDataFolder(SecretFiles.ownerOnlyDirectory(home.resolve("data")))
                .withExtensionsFolder(SecretFiles.ownerOnlyDirectory(home.resolve("extensions")))
                .withoutLoggingBootstrap()
                .withEmbeddedExtension(EmbeddedExtension.builder()
                        .withId("palisade")
                        .withName("Palisade")
                        .withVersion("1")
                        .withPriority(1000)
                        .withExtensionMain(extension)
                        .build())
                .build();
        try {
            started.start().get(2, TimeUnit.MINUTES);
            return started;
        } catch (ExecutionException | TimeoutException e) {
            closeQuietly(started);
            throw new IllegalStateException(
                    "the MQTT broker did not start on port " + settings.port() + ": "
                            + (e.getCause() == null
                                    ? e.getMessage()
                                    : e.getCause().getMessage())
                            + " (is another Palisade server running on this data directory, or another process"
                            + " listening on the port? see palisade.broker.port)",
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closeQuietly(started);
            throw new IllegalStateException("interrupted while starting the MQTT broker", e);
        }
    }

    private static void closeQuietly(EmbeddedHiveMQ broker) {
        try {
            broker.stop().get(1, TimeUnit.MINUTES);
        } catch (ExecutionException | TimeoutException e) {
            log.debug("The MQTT broker that failed to start did not stop cleanly", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void stop() {
        stopped = true;
        EmbeddedHiveMQ running = broker;
        broker = null;
        if (running != null) {
            try {
                running.stop().get(1, TimeUnit.MINUTES);
            } catch (ExecutionException | TimeoutException e) {
                log.warn("The MQTT broker did not stop cleanly: {}", e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Stops a broker that began starting but was never handed to the lifecycle (the server failed to start). */
    @PreDestroy
    void close() {
        if (!stopped) {
            try {
                broker = starting.join();
            } catch (CompletionException e) {
                return;
            }
            stop();
        }
    }

    @Override
    public boolean isRunning() {
        return broker != null;
    }

    private static X509Certificate endpointCertificate(Path keyStore, String password) {
        try (InputStream in = Files.newInputStream(keyStore)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, password.toCharArray());
            return (X509Certificate) store.getCertificate(store.aliases().nextElement());
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot read the device endpoint's certificate in " + keyStore, e);
        }
    }
}
