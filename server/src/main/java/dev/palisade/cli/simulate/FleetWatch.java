package dev.palisade.cli.simulate;

import dev.palisade.agent.AgentState;
import dev.palisade.agent.DeviceAgent;
import dev.palisade.agent.sim.FleetSimulator;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * Watches the fleet's agents for the runner: when a watched device's session ends (the moment a revocation is timed
 * to), and waits for a device to reach a state. Agents report on the MQTT client's threads; the runner waits on its
 * own.
 */
final class FleetWatch implements DeviceAgent.Listener {

    private final Map<String, Long> closedAt = new HashMap<>();
    private final Map<String, Boolean> watched = new HashMap<>();

    @Override
    public synchronized void changed(DeviceAgent agent, AgentState state, String why) {
        if (watched.containsKey(agent.id()) && !closedAt.containsKey(agent.id()) && state != AgentState.CONNECTED) {
            closedAt.put(agent.id(), System.nanoTime());
        }
        notifyAll();
    }

    /** From now, the first time {@code id} leaves the connected state is noted. */
    synchronized void arm(String id) {
        watched.put(id, true);
        closedAt.remove(id);
    }

    /** When the watched session of {@code id} ended (System.nanoTime), or null if it did not within {@code timeout}. */
    synchronized @Nullable Long awaitClosed(String id, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!closedAt.containsKey(id)) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return null;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return closedAt.get(id);
    }

    /** Waits until the device's current agent is in {@code state}; whether it got there within {@code timeout}. */
    boolean awaitState(FleetSimulator fleet, String id, AgentState state, Duration timeout)
            throws InterruptedException {
        return await(fleet, id, now -> now == state, timeout);
    }

    /** Waits until the device's current agent is no longer in {@code state}; whether it left within {@code timeout}. */
    boolean awaitLeft(FleetSimulator fleet, String id, AgentState state, Duration timeout) throws InterruptedException {
        return await(fleet, id, now -> now != state, timeout);
    }

    private synchronized boolean await(FleetSimulator fleet, String id, Predicate<AgentState> reached, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!reached.test(fleet.agent(id).map(DeviceAgent::state).orElse(AgentState.STOPPED))) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            // a replaced agent (a renewal) reports through the same listener; the bound covers anything missed
            TimeUnit.NANOSECONDS.timedWait(this, Math.min(left, TimeUnit.MILLISECONDS.toNanos(100)));
        }
        return true;
    }
}
