package dev.palisade.cli.simulate;

import dev.palisade.agent.AgentState;
import dev.palisade.agent.Outcome;
import dev.palisade.agent.sim.Attempts;
import dev.palisade.agent.sim.FleetCounters;
import dev.palisade.agent.sim.FleetSimulator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Devices that do what their policy does not allow, and the broker's answer measured on both sides: what each device
 * saw (refused or accepted), and what the broker counted for it.
 */
final class MisbehaviourSteps {

    /** How long a device that the broker disconnected for misbehaving is waited for before its next attempt. */
    private static final Duration RECONNECT_WAIT = Duration.ofSeconds(20);

    /** How long a refused device's session is given to end, for a broker that ends it. */
    private static final Duration SESSION_END_WAIT = Duration.ofSeconds(2);

    /** The most devices named one by one in a step's notes. */
    private static final int NOTED = 3;

    private static final byte[] FORGED = "{\"power\":0,\"voltage\":0}".getBytes(StandardCharsets.US_ASCII);

    private MisbehaviourSteps() {}

    /** Each picked device publishes on its neighbour's telemetry topic, {@code messages} times. */
    static void publishForeign(Run run, Step.PublishForeign step, StepResult result)
            throws IOException, InterruptedException {
        List<String> devices = run.pick(step.pick());
        Map<String, Long> before = brokerCounts(run, devices);
        Attempts attempts = new Attempts(0, 0, 0);
        for (String id : devices) {
            String victim = run.neighbourOf(id);
            List<Outcome> outcomes = new ArrayList<>();
            for (int i = 0; i < step.messages(); i++) {
                if (i > 0 && outcomes.getLast() == Outcome.REFUSED) {
                    // the broker ends the session of a device that publishes where it may not, just after the PUBACK:
                    // the next attempt goes on the session after that
                    run.watch.awaitLeft(run.fleet, id, AgentState.CONNECTED, SESSION_END_WAIT);
                }
                run.watch.awaitState(run.fleet, id, AgentState.CONNECTED, RECONNECT_WAIT);
                outcomes.add(await(run.fleet.publishAs(id, "devices/" + victim + "/telemetry/power", FORGED)));
            }
            attempts = attempts.plus(Attempts.of(outcomes));
            if (devices.indexOf(id) < NOTED) {
                result.note(id + " published on devices/" + victim + "/telemetry/power: " + summary(outcomes));
            }
        }
        misbehaved(run, step.pick().devices(), devices, before, attempts, result);
    }

    /** Each picked device subscribes to the step's filter. */
    static void subscribeWildcard(Run run, Step.SubscribeWildcard step, StepResult result)
            throws IOException, InterruptedException {
        List<String> devices = run.pick(step.pick());
        Map<String, Long> before = brokerCounts(run, devices);
        List<Outcome> outcomes = new ArrayList<>();
        for (String id : devices) {
            Outcome outcome = await(run.fleet.subscribeAs(id, step.filter()));
            outcomes.add(outcome);
            if (outcomes.size() <= NOTED) {
                result.note(id + " subscribed to " + step.filter() + ": "
                        + outcome.name().toLowerCase(Locale.ROOT));
            }
        }
        misbehaved(run, step.pick().devices(), devices, before, Attempts.of(outcomes), result);
    }

    /**
     * The picked devices flood their own topic at once, each at the step's rate; the rest of the fleet's telemetry is
     * measured meanwhile, to show what the flood does to it. The broker holds each device to its publish rate: what
     * it accepted per device and second shows whether the flood was contained ({@code max-rate}).
     */
    static void flood(Run run, Step.Flood step, StepResult result) throws IOException, InterruptedException {
        List<String> devices = run.pick(step.pick());
        Map<String, Long> before = brokerCounts(run, devices);
        FleetCounters counters = run.fleet.counters();
        long telemetryBefore = counters.acknowledged();
        var total = new AtomicReference<>(new Attempts(0, 0, 0));
        long start = System.nanoTime();

        Parallel.each(
                devices,
                Math.max(1, devices.size()),
                id -> {
                    Attempts attempts = run.fleet.flood(id, step.rate(), step.duration());
                    total.accumulateAndGet(attempts, Attempts::plus);
                },
                (id, failure) -> result.note(id + " could not flood: " + failure.getMessage()));

        double seconds = Durations.seconds(System.nanoTime() - start);
        Attempts attempts = total.get();
        double floodSeconds = Durations.seconds(step.duration().toNanos());
        double perDevice = devices.isEmpty() ? 0 : attempts.accepted() / floodSeconds / devices.size();
        result.figure("accepted-per-second", attempts.accepted() / floodSeconds, "/s")
                .figure("accepted-per-second-per-device", perDevice, "/s")
                .figure("fleet-telemetry-per-second", (counters.acknowledged() - telemetryBefore) / seconds, "/s")
                .expectRate(attempts.accepted() / floodSeconds, "messages")
                .expectMaxRate(perDevice, "messages per device");
        misbehaved(run, step.pick().devices(), devices, before, attempts, result);
    }

    private static void misbehaved(
            Run run, int asked, List<String> devices, Map<String, Long> before, Attempts attempts, StepResult result)
            throws IOException, InterruptedException {
        long counted = 0;
        for (String id : devices) {
            counted += run.operator.refusalsCounted(id) - before.getOrDefault(id, 0L);
        }
        if (devices.size() < asked) {
            result.note(String.format(
                    Locale.ROOT,
                    "only %d of the %d devices asked for were connected and not picked by an earlier step",
                    devices.size(),
                    asked));
        }
        result.count("devices", devices.size())
                .count("attempts", attempts.total())
                .count("accepted", attempts.accepted())
                .count("refused", attempts.refused())
                .count("failed", attempts.failed())
                .count("refusals-counted-by-broker", counted)
                .expectCount("refused", attempts.refused(), attempts.total())
                .expectCount("accepted", attempts.accepted(), attempts.total());
    }

    private static Map<String, Long> brokerCounts(Run run, List<String> devices)
            throws IOException, InterruptedException {
        Map<String, Long> counts = new HashMap<>();
        for (String id : devices) {
            counts.put(id, run.operator.refusalsCounted(id));
        }
        return counts;
    }

    private static Outcome await(CompletableFuture<Outcome> pending) throws InterruptedException {
        return FleetSimulator.answered(pending);
    }

    private static String summary(List<Outcome> outcomes) {
        Attempts attempts = Attempts.of(outcomes);
        return String.format(
                Locale.ROOT,
                "%d refused, %d accepted, %d failed",
                attempts.refused(),
                attempts.accepted(),
                attempts.failed());
    }
}
