package dev.palisade.cli;

import dev.palisade.agent.AgentState;
import dev.palisade.agent.DeviceAgent;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * Watches the demo fleet's agents for the tour: when the watched device's session ends, and waits for a device to be
 * connected again or refused. Agents report on the MQTT client's threads; the tour waits on its own.
 */
final class SessionWatch implements DeviceAgent.Listener {

    private @Nullable String watched;
    private @Nullable Long closedAt;

    @Override
    public synchronized void changed(DeviceAgent agent, AgentState state, String why) {
        if (agent.id().equals(watched) && closedAt == null && state != AgentState.CONNECTED) {
            closedAt = System.nanoTime();
        }
        notifyAll();
    }

    /** From now, the first time {@code id} leaves the connected state is noted. */
    synchronized void arm(String id) {
        watched = id;
        closedAt = null;
    }

    /** When the watched session ended (System.nanoTime), or null if it did not within {@code timeout}. */
    synchronized @Nullable Long awaitClosed(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (closedAt == null) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return null;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return closedAt;
    }

    /** Waits until {@code agent} is connected, for at most {@code timeout}. */
    synchronized void awaitConnected(DeviceAgent agent, Duration timeout) throws InterruptedException {
        await(agent, AgentState.CONNECTED, timeout);
    }

    /** Waits until the broker has refused {@code agent}: why it did, or null if it did not within {@code timeout}. */
    synchronized @Nullable String awaitRefused(DeviceAgent agent, Duration timeout) throws InterruptedException {
        await(agent, AgentState.REFUSED, timeout);
        return agent.refusal().orElse(null);
    }

    private void await(DeviceAgent agent, AgentState state, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (agent.state() != state) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return;
            }
            TimeUnit.NANOSECONDS.timedWait(this, Math.min(left, TimeUnit.MILLISECONDS.toNanos(100)));
        }
    }
}
