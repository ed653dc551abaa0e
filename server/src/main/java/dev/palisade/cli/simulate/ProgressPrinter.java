package dev.palisade.cli.simulate;

import dev.palisade.agent.AgentState;
import dev.palisade.agent.sim.FleetCounters;
import dev.palisade.agent.sim.FleetSimulator;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Prints a line of live progress every interval while a scenario runs: the step under way, devices enrolled and
 * connected, messages the broker accepted per second since the last line, and refusals so far by reason.
 */
final class ProgressPrinter implements AutoCloseable {

    private final FleetSimulator fleet;
    private final PrintWriter out;
    private final long start;
    private final Duration every;
    private final Thread thread;
    private volatile String step = "setup";

    ProgressPrinter(FleetSimulator fleet, PrintWriter out, long start, Duration every) {
        this.fleet = fleet;
        this.out = out;
        this.start = start;
        this.every = every;
        this.thread = Thread.ofPlatform().daemon().name("scenario-progress").start(this::loop);
    }

    void step(String name) {
        step = name;
    }

    private void loop() {
        FleetCounters counters = fleet.counters();
        long lastAccepted = accepted(counters);
        long lastAt = System.nanoTime();
        while (!Thread.currentThread().isInterrupted()) {
            try {
                Thread.sleep(every);
            } catch (InterruptedException stopped) {
                return;
            }
            long now = System.nanoTime();
            long accepted = accepted(counters);
            double perSecond = (accepted - lastAccepted) / Durations.seconds(now - lastAt);
            lastAccepted = accepted;
            lastAt = now;
            String line = String.format(
                    Locale.ROOT,
                    "  [%7.1f s] %-18s enrolled %,d · connected %,d · %,.0f msg/s · refusals: %s",
                    Durations.seconds(now - start),
                    step,
                    counters.enrolled(),
                    fleet.count(AgentState.CONNECTED),
                    perSecond,
                    refusals(counters.refusals()));
            synchronized (out) {
                out.println(line);
                out.flush();
            }
        }
    }

    private static long accepted(FleetCounters counters) {
        return counters.acknowledged() + counters.otherAccepted();
    }

    static String refusals(Map<String, Long> byReason) {
        if (byReason.isEmpty()) {
            return "none";
        }
        return byReason.entrySet().stream()
                .map(entry -> String.format(Locale.ROOT, "%s %,d", entry.getKey(), entry.getValue()))
                .collect(Collectors.joining(", "));
    }

    @Override
    public void close() throws InterruptedException {
        thread.interrupt();
        thread.join();
    }
}
