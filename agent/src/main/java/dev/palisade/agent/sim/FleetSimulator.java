package dev.palisade.agent.sim;

import dev.palisade.agent.AgentState;
import dev.palisade.agent.DeviceAgent;
import dev.palisade.agent.DeviceCredential;
import dev.palisade.agent.Endpoints;
import dev.palisade.agent.EnrolmentException;
import dev.palisade.agent.EstEnrolment;
import dev.palisade.agent.KeyOrigin;
import dev.palisade.agent.Outcome;
import dev.palisade.agent.SoftwareKeys;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Runs many device agents in one JVM. Each device enrols over EST with its bootstrap credential (a fresh key, in
 * memory, flagged {@link KeyOrigin#SIMULATED}), connects with its operational certificate, and publishes a
 * measurement as its {@link TelemetryProfile} says. Enrolment and connection run on virtual threads, a bounded number
 * at once, so that a fleet of thousands does not open thousands of TLS handshakes in the same instant.
 *
 * <p>Beyond normal life the simulator makes devices renew (a new key and certificate over EST, as during a CA
 * rotation), drop and reconnect all at once (a connection storm), and misbehave: publish or subscribe where they may
 * not, or flood. Its {@link FleetCounters} count every refusal by reason.
 */
public final class FleetSimulator implements AutoCloseable {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(30);

    /** How long a misbehaving device's publishes are waited for before they count as failed. */
    private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(30);

    private static final Pattern ENROLMENT_REFUSED = Pattern.compile("^((?:re-)?enrolment refused: HTTP \\d+)");

    private final Endpoints endpoints;
    private final EstEnrolment enrolment;
    private final TelemetryProfile defaultTelemetry;
    private final FleetCounters counters = new FleetCounters();
    private final Map<String, DeviceAgent> agents = new ConcurrentHashMap<>();
    private final Map<String, DeviceCredential> credentials = new ConcurrentHashMap<>();
    private final Map<String, TelemetryProfile> profiles = new ConcurrentHashMap<>();
    private final Set<String> publishing = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService telemetry = Executors.newScheduledThreadPool(2, runnable -> {
        Thread thread = new Thread(runnable, "fleet-telemetry");
        thread.setDaemon(true);
        return thread;
    });
    private final DeviceAgent.Listener listener;
    private volatile boolean closed;

    /**
     * @param estLabel the EST label of the tenant's endpoint, or null for the default
     * @param telemetryInterval how often a device without a telemetry profile of its own publishes
     * @param listener hears every agent's state changes (a refused device among them)
     */
    public FleetSimulator(
            Endpoints endpoints, @Nullable String estLabel, Duration telemetryInterval, DeviceAgent.Listener listener) {
        this.endpoints = endpoints;
        this.enrolment = new EstEnrolment(endpoints, estLabel, new SoftwareKeys(KeyOrigin.SIMULATED));
        this.defaultTelemetry = TelemetryProfile.every(telemetryInterval);
        this.listener = (agent, state, why) -> {
            tally(agent, state, why);
            listener.changed(agent, state, why);
        };
    }

    public FleetCounters counters() {
        return counters;
    }

    /**
     * Enrols and connects {@code devices}, at most {@code parallel} at once, and returns once each has either
     * connected or failed, with each one's enrolment and connection timed; the connected ones then publish telemetry
     * until {@link #close}. A device that fails is counted and left out; the others go on.
     */
    public Joined start(List<SimulatedDevice> devices, int parallel) throws InterruptedException {
        List<Duration> enrolments = Collections.synchronizedList(new ArrayList<>(devices.size()));
        List<Duration> connections = Collections.synchronizedList(new ArrayList<>(devices.size()));
        bounded(devices, parallel, device -> join(device, enrolments, connections));
        return new Joined(List.copyOf(enrolments), List.copyOf(connections));
    }

    /**
     * How long each device of a {@link #start} took.
     *
     * @param enrolments from the first byte of its EST request (TLS with the bootstrap certificate included) to its
     *     operational certificate, for the devices that enrolled
     * @param connections from the start of its MQTT connection (TLS with the new certificate) to the CONNACK, for the
     *     devices that connected
     */
    public record Joined(List<Duration> enrolments, List<Duration> connections) {}

    private void join(SimulatedDevice device, List<Duration> enrolments, List<Duration> connections) {
        DeviceCredential operational;
        long began = System.nanoTime();
        try {
            operational = enrolment.enrol(device.id(), device.bootstrap());
        } catch (EnrolmentException e) {
            counters.enrolmentFailures.increment();
            enrolmentRefusal(e).ifPresent(counters::refusal);
            return;
        }
        long enrolled = System.nanoTime();
        enrolments.add(Duration.ofNanos(enrolled - began));
        counters.enrolled.increment();
        credentials.put(device.id(), operational);
        TelemetryProfile own = device.telemetry();
        TelemetryProfile profile = own != null ? own : defaultTelemetry;
        profiles.put(device.id(), profile);
        if (connect(device.id(), operational) != null) {
            connections.add(Duration.ofNanos(System.nanoTime() - enrolled));
            startTelemetry(device.id(), profile);
        }
    }

    /** Connects {@code id} with {@code credential} as its current agent; null (counted) if the broker did not take it. */
    private @Nullable DeviceAgent connect(String id, DeviceCredential credential) {
        DeviceAgent agent = new DeviceAgent(id, credential, endpoints, listener);
        try {
            agent.connect().get(CONNECT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            counters.connectFailures.increment();
            agent.close();
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            agent.close();
            return null;
        }
        agents.put(id, agent);
        return agent;
    }

    /**
     * Drops the sessions of {@code ids}, then connects them all again, at most {@code parallel} at once, with the
     * credentials they hold: the storm after a broker restart or a network outage. Telemetry resumes on the new
     * sessions.
     */
    public ConnectionStorm reconnect(List<String> ids, int parallel) throws InterruptedException {
        try (var closing = Executors.newVirtualThreadPerTaskExecutor()) {
            for (String id : ids) {
                DeviceAgent agent = agents.remove(id);
                if (agent != null) {
                    closing.submit(agent::close);
                }
            }
        }
        List<Duration> latencies = Collections.synchronizedList(new ArrayList<>(ids.size()));
        var failed = new AtomicLong();
        long start = System.nanoTime();
        bounded(ids, parallel, id -> {
            DeviceCredential credential = credentials.get(id);
            long began = System.nanoTime();
            if (credential != null && connect(id, credential) != null) {
                latencies.add(Duration.ofNanos(System.nanoTime() - began));
            } else {
                failed.incrementAndGet();
            }
        });
        return new ConnectionStorm(List.copyOf(latencies), failed.get(), Duration.ofNanos(System.nanoTime() - start));
    }

    /**
     * A new key and certificate for {@code id} over EST ({@code simplereenroll}, authenticated by its current
     * certificate), and its session moved onto them: what a device does before its certificate runs out, and during
     * a CA rotation to move onto the new CA (the chain comes from the response, else from {@code /cacerts}).
     *
     * @throws EnrolmentException if the renewal was refused, or the broker did not take the new certificate
     */
    public DeviceCredential renew(String id) throws EnrolmentException {
        DeviceCredential current = credentials.get(id);
        if (current == null) {
            throw new IllegalStateException(id + " has not enrolled");
        }
        DeviceCredential renewed;
        try {
            renewed = enrolment.renew(id, current);
        } catch (EnrolmentException e) {
            enrolmentRefusal(e).ifPresent(counters::refusal);
            throw e;
        }
        credentials.put(id, renewed);
        // one session per client id: the old one goes first, or the two would take the session from each other
        DeviceAgent old = agents.remove(id);
        if (old != null) {
            old.close();
        }
        if (connect(id, renewed) == null) {
            throw new EnrolmentException("renewed, but the broker did not take the new certificate");
        }
        return renewed;
    }

    /**
     * Has {@code id} publish {@code payload} on any {@code topic} at QoS 1: what a misbehaving or compromised device
     * would try. Failed at once if the device is not connected.
     */
    public CompletableFuture<Outcome> publishAs(String id, String topic, byte[] payload) {
        DeviceAgent agent = agents.get(id);
        if (agent == null || agent.state() != AgentState.CONNECTED) {
            return CompletableFuture.completedFuture(Outcome.FAILED);
        }
        return agent.publish(topic, payload).thenApply(outcome -> {
            if (outcome == Outcome.ACCEPTED) {
                counters.otherAccepted.increment();
            } else if (outcome == Outcome.REFUSED) {
                counters.refusal(FleetCounters.PUBLISH_NOT_AUTHORIZED);
            } else if (outcome == Outcome.RATE_LIMITED) {
                counters.refusal(FleetCounters.PUBLISH_RATE_TOO_HIGH);
            }
            return outcome;
        });
    }

    /** Has {@code id} subscribe to {@code filter}; failed at once if the device is not connected. */
    public CompletableFuture<Outcome> subscribeAs(String id, String filter) {
        DeviceAgent agent = agents.get(id);
        if (agent == null || agent.state() != AgentState.CONNECTED) {
            return CompletableFuture.completedFuture(Outcome.FAILED);
        }
        return agent.subscribe(filter).thenApply(outcome -> {
            if (outcome == Outcome.REFUSED) {
                counters.refusal(FleetCounters.SUBSCRIBE_NOT_AUTHORIZED);
            }
            return outcome;
        });
    }

    /**
     * Has {@code id} publish on its own {@code devices/<id>/telemetry/flood} at {@code perSecond} messages a second for
     * {@code duration}, each the size of its telemetry, without waiting for answers; then waits for them. The broker
     * refuses what is over the device's publish rate ({@link Outcome#RATE_LIMITED}, counted as refused).
     */
    public Attempts flood(String id, double perSecond, Duration duration) throws InterruptedException {
        if (!(perSecond > 0)) {
            throw new IllegalArgumentException("a flood needs a positive rate");
        }
        TelemetryProfile profile = profiles.getOrDefault(id, defaultTelemetry);
        String topic = "devices/" + id + "/telemetry/flood";
        long period = Math.max(1, Math.round(1e9 / perSecond));
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        List<CompletableFuture<Outcome>> pending = new ArrayList<>();
        for (long due = start; due < end; due += period) {
            long wait = due - System.nanoTime();
            if (wait > 0) {
                Thread.sleep(Duration.ofNanos(wait));
            }
            pending.add(publishAs(id, topic, profile.payload()));
        }
        return answered(pending);
    }

    /** Waits for one outcome; one not answered in time counts as failed. */
    public static Outcome answered(CompletableFuture<Outcome> pending) throws InterruptedException {
        try {
            return pending.get(ANSWER_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            return Outcome.FAILED;
        }
    }

    /** Waits for each outcome until a common deadline; those not answered by then count as failed. */
    public static Attempts answered(Collection<CompletableFuture<Outcome>> pending) throws InterruptedException {
        long deadline = System.nanoTime() + ANSWER_TIMEOUT.toNanos();
        List<Outcome> outcomes = new ArrayList<>(pending.size());
        for (CompletableFuture<Outcome> future : pending) {
            try {
                outcomes.add(future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS));
            } catch (ExecutionException | TimeoutException e) {
                outcomes.add(Outcome.FAILED);
            }
        }
        return Attempts.of(outcomes);
    }

    private void startTelemetry(String id, TelemetryProfile profile) {
        if (publishing.add(id)) {
            // each device starts at a random point of its interval, so the fleet's traffic is spread, not in bursts
            schedule(
                    id,
                    profile,
                    ThreadLocalRandom.current().nextLong(profile.interval().toNanos()));
        }
    }

    private void schedule(String id, TelemetryProfile profile, long delayNanos) {
        if (closed) {
            return;
        }
        try {
            telemetry.schedule(
                    () -> {
                        measure(id, profile);
                        schedule(id, profile, profile.nextDelay().toNanos());
                    },
                    delayNanos,
                    TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException shutDown) {
            // closing: the fleet stops publishing
        }
    }

    /** One measurement from the device's current session (renewals and reconnects replace it), if connected. */
    private void measure(String id, TelemetryProfile profile) {
        DeviceAgent agent = agents.get(id);
        if (agent == null || agent.state() != AgentState.CONNECTED) {
            return;
        }
        counters.sent.increment();
        agent.publishTelemetry("power", profile.payload()).thenAccept(outcome -> {
            switch (outcome) {
                case ACCEPTED -> counters.acknowledged.increment();
                case REFUSED -> {
                    counters.refused.increment();
                    counters.refusal(FleetCounters.PUBLISH_NOT_AUTHORIZED);
                }
                case RATE_LIMITED -> {
                    counters.refused.increment();
                    counters.refusal(FleetCounters.PUBLISH_RATE_TOO_HIGH);
                }
                case FAILED -> counters.failed.increment();
            }
        });
    }

    /** Counts connections, and refusals by the reason the agent was given. */
    private void tally(DeviceAgent agent, AgentState state, String why) {
        if (state == AgentState.CONNECTED) {
            counters.connections.increment();
        } else if (state == AgentState.REFUSED) {
            counters.refusal(agent.refusal().orElse(why));
        } else if (state == AgentState.BACKING_OFF && why.startsWith("disconnected by the broker: ")) {
            // "disconnected by the broker: not_authorized; retrying in 412 ms": the reason, without the delay
            int end = why.indexOf(';');
            counters.refusal(end < 0 ? why : why.substring(0, end));
        }
    }

    private static Optional<String> enrolmentRefusal(EnrolmentException e) {
        Matcher refused = ENROLMENT_REFUSED.matcher(String.valueOf(e.getMessage()));
        return refused.find() ? Optional.of(refused.group(1)) : Optional.empty();
    }

    /**
     * The CA certificates the tenant's EST endpoint serves, as {@code device} asks for them before its first
     * enrolment (RFC 7030 4.1); a new tenant's first issuing CA is set up for this answer.
     */
    public List<X509Certificate> caCertificates(SimulatedDevice device) throws EnrolmentException {
        return enrolment.caCertificates(device.bootstrap());
    }

    /** Runs {@code task} for each item on virtual threads, at most {@code parallel} at once, and waits for all. */
    private static <T> void bounded(Collection<T> items, int parallel, Consumer<T> task) throws InterruptedException {
        if (parallel < 1) {
            throw new IllegalArgumentException("parallel must be at least 1");
        }
        Semaphore slots = new Semaphore(parallel);
        List<Thread> threads = new ArrayList<>(items.size());
        for (T item : items) {
            slots.acquire();
            threads.add(Thread.ofVirtual().name("device-", 0).start(() -> {
                try {
                    task.accept(item);
                } finally {
                    slots.release();
                }
            }));
        }
        for (Thread thread : threads) {
            thread.join();
        }
    }

    public Optional<DeviceAgent> agent(String id) {
        return Optional.ofNullable(agents.get(id));
    }

    /** The operational credential a device holds now: from its enrolment, or its latest renewal. */
    public Optional<DeviceCredential> credential(String id) {
        return Optional.ofNullable(credentials.get(id));
    }

    public Collection<DeviceAgent> agents() {
        return List.copyOf(agents.values());
    }

    /** How many agents are in {@code state} now. */
    public long count(AgentState state) {
        return agents.values().stream().filter(agent -> agent.state() == state).count();
    }

    /** One line of progress: enrolled, connected, telemetry acknowledged and refused. */
    public String progress() {
        return String.format(
                Locale.ROOT,
                "enrolled %,d · connected %,d · telemetry acknowledged %,d, refused %,d",
                counters.enrolled(),
                count(AgentState.CONNECTED),
                counters.acknowledged(),
                counters.refused());
    }

    @Override
    public void close() {
        closed = true;
        telemetry.shutdownNow();
        agents.values().parallelStream().forEach(DeviceAgent::close);
    }
}
