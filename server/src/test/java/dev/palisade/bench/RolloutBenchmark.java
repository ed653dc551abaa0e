package dev.palisade.bench;

import dev.palisade.broker.EmbeddedBroker;
import dev.palisade.identity.DeviceId;
import dev.palisade.ota.Artifacts;
import dev.palisade.ota.NewRelease;
import dev.palisade.ota.Release;
import dev.palisade.ota.Releases;
import dev.palisade.ota.UpdateTier;
import dev.palisade.ota.rollout.BreachAction;
import dev.palisade.ota.rollout.NewRollout;
import dev.palisade.ota.rollout.Rollout;
import dev.palisade.ota.rollout.RolloutEngine;
import dev.palisade.ota.rollout.RolloutId;
import dev.palisade.ota.rollout.RolloutState;
import dev.palisade.ota.rollout.Rollouts;
import dev.palisade.ota.rollout.UpdateOffer;
import dev.palisade.pki.CertificateAuthorities;
import dev.palisade.pki.IssuedCertificate;
import dev.palisade.shared.TenantId;
import dev.palisade.tenancy.Caller;
import dev.palisade.tenancy.TenantService;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.Security;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Rollout dispatch, end to end: how fast the rollout engine offers an update to a fleet of live devices, from the
 * rollout's creation to the last device's offer received by its MQTT client, with a bare loop over the broker's
 * publish path as the baseline, measured in the same run.
 *
 * <pre>bench/rollout.sh [devices]     (default 5000; prints a Markdown table)</pre>
 *
 * <p>Palisade runs in this JVM with its broker, on a throw-away data directory. The devices, with the release's model
 * and hardware revision as attributes, are registered in batches, each gets its own key and certificate through the
 * in-process issuance path, and each connects as an MQTT 5 session over TLS 1.3 subscribed at QoS 1 to its own {@code
 * devices/<id>/ota/update}; a virtual thread per session reads it and acknowledges every offer. The connect phase is
 * timed on its own. The scheduler's interval is an hour, so that it never runs: the benchmark calls {@link
 * RolloutEngine#advance} itself, as the scheduler would, until no device is left pending.
 *
 * <p>Rounds, every device receiving one message each: a warm-up (the baseline's loop, not counted), the rollout
 * (single 100 % ring, no bake, no approval, no window), then the baseline: {@link EmbeddedBroker#publish}, the path
 * the engine's offers take, called in a loop with the same payload for every device, its futures awaited together.
 */
@SuppressForbidden("a benchmark prints its figures and progress")
public final class RolloutBenchmark {

    private static final String MODEL = "bench-meter";
    private static final String REVISION = "rev-a";
    private static final int CONCURRENT = 8;
    private static final long ROUND_TIMEOUT_SECONDS = 300;

    private RolloutBenchmark() {}

    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 5_000;
        try (var server = new BenchServer(
                        Files.createTempDirectory("palisade-bench-"),
                        true,
                        Map.of("palisade.ota.rollouts.pass-interval", "PT1H"));
                var receivers = new OfferReceivers()) {
            TenantId tenant = server.bean(TenantService.class)
                    .create(server.admin, "rollout-bench", "Rollout benchmark fleet", null)
                    .tenant()
                    .id();
            Caller operator = BenchServer.administrator(tenant, false);
            long started = System.nanoTime();
            server.registerDevices(tenant, "dev", count, Map.of("model", MODEL, "hardwareRevision", REVISION));
            List<Fleet.Device> fleet = issue(server, tenant, count);
            System.err.printf(
                    Locale.ROOT,
                    "registered and issued %,d devices in %.0f s%n",
                    count,
                    (System.nanoTime() - started) / 1e9);

            EmbeddedBroker broker = server.bean(EmbeddedBroker.class);
            MqttTlsClient client = client(server, fleet.getFirst());
            List<InetAddress> sources = MqttLoad.sources();
            var sessions = new MqttTlsClient.Session[count];
            double connectRate = Throughput.run(CONCURRENT, 0, count, i -> {
                try {
                    sessions[i] = client.subscribed(
                            fleet.get(i),
                            sources.get(i % sources.size()),
                            UpdateOffer.topic(fleet.get(i).id()));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                } catch (GeneralSecurityException e) {
                    throw new IllegalStateException(e);
                }
            });
            for (MqttTlsClient.Session session : sessions) {
                receivers.add(session);
            }
            awaitConnected(broker, tenant, fleet);
            System.err.printf(Locale.ROOT, "%,d sessions subscribed (%,.0f connections/s)%n", count, connectRate);

            Release release = release(server, operator);
            byte[] payload =
                    UpdateOffer.of(release, new RolloutId(UUID.randomUUID())).toBytes();
            double warmup = baseline(broker, tenant, fleet, payload, receivers);
            System.err.printf(Locale.ROOT, "warm-up round: %,.0f devices/s%n", warmup);

            Dispatch dispatch = rollout(server, operator, release, receivers);
            double baseline = baseline(broker, tenant, fleet, payload, receivers);

            System.out.println();
            System.out.println("| devices (live MQTT 5 sessions) | rollout dispatch end to end, devices/s | baseline:"
                    + " bare publish loop, devices/s | ratio |");
            System.out.println("|---:|---:|---:|---:|");
            System.out.printf(
                    Locale.ROOT,
                    "| %,d | %,.0f | %,.0f | %.2f |%n",
                    count,
                    dispatch.rate(count),
                    baseline,
                    dispatch.rate(count) / baseline);
            System.out.println();
            System.out.printf(
                    Locale.ROOT,
                    "Rollout: created in %,d ms (targets chosen, %,d devices inserted), %d engine pass(es) took %,d"
                            + " ms, last offer received %,d ms after the creation began. Connect phase (not part of"
                            + " dispatch): %,.0f sessions/s, %d at once.%n",
                    dispatch.createMillis(),
                    count,
                    dispatch.passes(),
                    dispatch.passMillis(),
                    dispatch.totalMillis(),
                    connectRate,
                    CONCURRENT);
            System.out.printf(
                    Locale.ROOT,
                    "%nMachine: %d cores, %s; %s.%n",
                    Runtime.getRuntime().availableProcessors(),
                    System.getProperty("os.arch"),
                    System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        }
        // the embedded HiveMQ leaves a thread that is not a daemon behind once stopped: the process would never end
        System.exit(0);
    }

    /** The rollout round's timings. */
    private record Dispatch(long createMillis, int passes, long passMillis, long totalMillis) {

        double rate(int devices) {
            return devices / (totalMillis / 1e3);
        }
    }

    private static Dispatch rollout(BenchServer server, Caller operator, Release release, OfferReceivers receivers)
            throws InterruptedException {
        Rollouts rollouts = server.bean(Rollouts.class);
        RolloutEngine engine = server.bean(RolloutEngine.class);
        Clock clock = server.bean(Clock.class);
        var request = new NewRollout(
                release.id(),
                null,
                Map.of("model", MODEL),
                List.of(100),
                Duration.ZERO,
                false,
                null,
                0.5,
                Duration.ofHours(1),
                Duration.ofHours(2),
                BreachAction.PAUSE);
        OfferReceivers.Round round = receivers.nextRound();
        long start = System.nanoTime();
        Rollout rollout = rollouts.create(operator, request);
        long created = System.nanoTime();
        int offered = 0;
        int passes = 0;
        while (offered < receivers.size()) {
            int now = engine.advance(operator.tenant(), clock.instant());
            passes++;
            offered += now;
            if (now == 0) {
                Rollout state = rollouts.get(operator, rollout.id());
                if (state.state() != RolloutState.RUNNING) {
                    break;
                }
                Thread.sleep(10);
            }
        }
        long passed = System.nanoTime();
        long last = round.awaitLast(ROUND_TIMEOUT_SECONDS);
        System.err.printf(Locale.ROOT, "rollout offered the update to %,d devices in %d passes%n", offered, passes);
        return new Dispatch(
                TimeUnit.NANOSECONDS.toMillis(created - start),
                passes,
                TimeUnit.NANOSECONDS.toMillis(passed - created),
                TimeUnit.NANOSECONDS.toMillis(last - start));
    }

    /** Publishes {@code payload} to every device's offer topic in a loop; devices per second to the last received. */
    private static double baseline(
            EmbeddedBroker broker, TenantId tenant, List<Fleet.Device> fleet, byte[] payload, OfferReceivers receivers)
            throws InterruptedException {
        OfferReceivers.Round round = receivers.nextRound();
        long start = System.nanoTime();
        List<CompletableFuture<Void>> published = new ArrayList<>(fleet.size());
        for (Fleet.Device device : fleet) {
            published.add(broker.publish(tenant, UpdateOffer.topic(device.id()), payload));
        }
        CompletableFuture.allOf(published.toArray(CompletableFuture[]::new)).join();
        long last = round.awaitLast(ROUND_TIMEOUT_SECONDS);
        return fleet.size() / ((last - start) / 1e9);
    }

    /**
     * Each device's key and certificate, issued through the in-process path; the keys in the JDK's own form, for the
     * JDK's TLS: Conscrypt's engine holds two more open files per session, which 5,000 sessions on each side of one
     * process cannot afford.
     */
    private static List<Fleet.Device> issue(BenchServer server, TenantId tenant, int count)
            throws InterruptedException {
        X509Certificate issuer =
                server.bean(CertificateAuthorities.class).ensureIssuing(tenant).requireCertificate();
        List<BenchDevices.Device> made = BenchDevices.make("dev", 0, count);
        IssuedCertificate[] issued = server.enrol(tenant, made);
        List<Fleet.Device> fleet = new ArrayList<>(count);
        try {
            KeyFactory keys = KeyFactory.getInstance("EC", "SunEC");
            for (int i = 0; i < count; i++) {
                PrivateKey key = keys.generatePrivate(
                        new PKCS8EncodedKeySpec(made.get(i).key().getPrivate().getEncoded()));
                fleet.add(new Fleet.Device(made.get(i).id(), key, List.of(issued[i].certificate(), issuer)));
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        return fleet;
    }

    /** A client of the JDK's TLS, once the broker presents its final certificate to a device of the fleet. */
    private static MqttTlsClient client(BenchServer server, Fleet.Device probe) throws Exception {
        Provider jdk = Objects.requireNonNull(Security.getProvider("SunJSSE"));
        var address = new InetSocketAddress(InetAddress.getLoopbackAddress(), server.mqttPort);
        long deadline = System.nanoTime() + 120_000_000_000L;
        Exception last = null;
        while (System.nanoTime() < deadline) {
            var client = new MqttTlsClient(address, jdk, MqttBenchServer.endpointChain(server)[0]);
            try (SocketChannel ignored = client.connect(probe, InetAddress.getLoopbackAddress(), 60)) {
                return client;
            } catch (IOException | GeneralSecurityException e) {
                last = e;
                Thread.sleep(500);
            }
        }
        throw new IllegalStateException("the broker did not accept a device of the fleet", last);
    }

    private static void awaitConnected(EmbeddedBroker broker, TenantId tenant, List<Fleet.Device> fleet)
            throws InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (fleet.stream()
                .anyMatch(device ->
                        broker.connected(tenant, DeviceId.of(device.id())).isEmpty())) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("not every device's session is registered as connected");
            }
            Thread.sleep(100);
        }
    }

    /** A published release of the fleet's model and hardware revision, with a small artifact. */
    private static Release release(BenchServer server, Caller operator) {
        var artifact = server.bean(Artifacts.class)
                .upload(operator, "firmware.img", new ByteArrayInputStream(new byte[64 * 1024]), null, null)
                .artifact();
        Releases releases = server.bean(Releases.class);
        Release draft =
                releases.create(operator, new NewRelease(MODEL, REVISION, "2.0.0", UpdateTier.OS, 1, artifact.id()));
        return releases.publish(operator, draft.id());
    }
}
