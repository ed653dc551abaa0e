package dev.palisade.agent.sim;

import dev.palisade.agent.AgentState;
import dev.palisade.agent.DeviceAgent;
import dev.palisade.agent.DeviceCredential;
import dev.palisade.agent.Endpoints;
import dev.palisade.agent.EnrolmentException;
import dev.palisade.agent.EstEnrolment;
import dev.palisade.agent.KeyOrigin;
import dev.palisade.agent.SoftwareKeys;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * Runs many device agents in one JVM. Each device enrols over EST with its bootstrap credential (a fresh key, in
 * memory, flagged {@link KeyOrigin#SIMULATED}), connects with its operational certificate, and publishes a
 * measurement every telemetry interval. Enrolment and connection run on virtual threads, a bounded number at once, so
 * that a fleet of thousands does not open thousands of TLS handshakes in the same instant.
 */
public final class FleetSimulator implements AutoCloseable {

    private final Endpoints endpoints;
    private final EstEnrolment enrolment;
    private final Duration telemetryInterval;
    private final FleetCounters counters = new FleetCounters();
    private final Map<String, DeviceAgent> agents = new ConcurrentHashMap<>();
    private final Map<String, DeviceCredential> credentials = new ConcurrentHashMap<>();
    private final ScheduledExecutorService telemetry = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "fleet-telemetry");
        thread.setDaemon(true);
        return thread;
    });
    private final DeviceAgent.Listener listener;

    /**
     * @param estLabel the EST label of the tenant's endpoint, or null for the default
     * @param listener hears every agent's state changes (a refused device among them)
     */
    public FleetSimulator(
            Endpoints endpoints, @Nullable String estLabel, Duration telemetryInterval, DeviceAgent.Listener listener) {
        this.endpoints = endpoints;
        this.enrolment = new EstEnrolment(endpoints, estLabel, new SoftwareKeys(KeyOrigin.SIMULATED));
        this.telemetryInterval = telemetryInterval;
        this.listener = listener;
    }

    public FleetCounters counters() {
        return counters;
    }

    /**
     * Enrols and connects {@code devices}, at most {@code parallel} at once, and returns once each has either
     * connected or failed; the connected ones then publish telemetry until {@link #close}. A device that fails is
     * counted and left out; the others go on.
     */
    public void start(List<SimulatedDevice> devices, int parallel) throws InterruptedException {
        Semaphore slots = new Semaphore(parallel);
        List<Thread> threads = new ArrayList<>(devices.size());
        for (SimulatedDevice device : devices) {
            slots.acquire();
            threads.add(Thread.ofVirtual().name("device-", 0).start(() -> {
                try {
                    join(device);
                } finally {
                    slots.release();
                }
            }));
        }
        for (Thread thread : threads) {
            thread.join();
        }
    }

    private void join(SimulatedDevice device) {
        DeviceCredential operational;
        try {
            operational = enrolment.enrol(device.id(), device.bootstrap());
        } catch (EnrolmentException e) {
            counters.enrolmentFailures.increment();
            return;
        }
        counters.enrolled.increment();
        credentials.put(device.id(), operational);
        DeviceAgent agent = new DeviceAgent(device.id(), operational, endpoints, listener);
        try {
            agent.connect().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            counters.connectFailures.increment();
            agent.close();
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            agent.close();
            return;
        }
        agents.put(device.id(), agent);
        // each device starts at a random point of the interval, so the fleet's traffic is spread, not in bursts
        long period = telemetryInterval.toMillis();
        telemetry.scheduleAtFixedRate(
                () -> measure(agent), ThreadLocalRandom.current().nextLong(period), period, TimeUnit.MILLISECONDS);
    }

    private void measure(DeviceAgent agent) {
        if (agent.state() != AgentState.CONNECTED) {
            return;
        }
        String reading = String.format(
                Locale.ROOT,
                "{\"power\":%.1f,\"voltage\":%.1f}",
                200 + ThreadLocalRandom.current().nextDouble(50),
                229 + ThreadLocalRandom.current().nextDouble(2));
        agent.publishTelemetry("power", reading.getBytes(StandardCharsets.UTF_8))
                .thenAccept(outcome -> {
                    switch (outcome) {
                        case ACCEPTED -> counters.acknowledged.increment();
                        case REFUSED -> counters.refused.increment();
                        case FAILED -> counters.failed.increment();
                    }
                });
    }

    public Optional<DeviceAgent> agent(String id) {
        return Optional.ofNullable(agents.get(id));
    }

    /** The operational credential a device enrolled with. */
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
        telemetry.shutdownNow();
        agents.values().parallelStream().forEach(DeviceAgent::close);
    }
}
