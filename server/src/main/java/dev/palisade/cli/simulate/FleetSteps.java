package dev.palisade.cli.simulate;

import dev.palisade.agent.sim.ConnectionStorm;
import dev.palisade.agent.sim.FleetCounters;
import dev.palisade.agent.sim.FleetSimulator;
import dev.palisade.agent.sim.SimulatedDevice;
import java.util.List;

/** The fleet's own life: enrolment, telemetry measured over a window, and a connection storm. */
final class FleetSteps {

    private FleetSteps() {}

    /** Enrols the step's devices over EST and connects them; telemetry starts on each as it connects. */
    static void enrol(Run run, Step.Enrol step, StepResult result) throws InterruptedException {
        List<SimulatedDevice> devices = run.toEnrol(step.group());
        FleetCounters counters = run.fleet.counters();
        long enrolledBefore = counters.enrolled();
        long enrolmentFailuresBefore = counters.enrolmentFailures();
        long connectFailuresBefore = counters.connectFailures();
        long start = System.nanoTime();

        FleetSimulator.Joined joined = run.fleet.start(devices, step.parallel());

        double seconds = Durations.seconds(System.nanoTime() - start);
        long enrolled = counters.enrolled() - enrolledBefore;
        long connected = devices.stream()
                .filter(device -> run.fleet.agent(device.id()).isPresent())
                .count();
        result.count("devices", devices.size())
                .count("enrolled", enrolled)
                .count("connected", connected)
                .count("enrolment-failures", counters.enrolmentFailures() - enrolmentFailuresBefore)
                .count("connect-failures", counters.connectFailures() - connectFailuresBefore)
                .figure("seconds", seconds, "s")
                .figure("enrolments-per-second", enrolled / seconds, "/s")
                .figure("connections-per-second", connected / seconds, "/s")
                .figure("enrolment-p50-ms", Latencies.of(joined.enrolments()).p50(), "ms")
                .figure("enrolment-p99-ms", Latencies.of(joined.enrolments()).p99(), "ms")
                .figure("connect-p50-ms", Latencies.of(joined.connections()).p50(), "ms")
                .figure("connect-p99-ms", Latencies.of(joined.connections()).p99(), "ms")
                .expectCount("enrolled", enrolled, devices.size())
                .expectCount("connected", connected, devices.size());
    }

    /** Measures the fleet's telemetry over the step's duration. */
    static void traffic(Run run, Step.Traffic step, StepResult result) throws InterruptedException {
        FleetCounters counters = run.fleet.counters();
        long sent = counters.sent();
        long accepted = counters.acknowledged();
        long refused = counters.refused();
        long failed = counters.failed();
        long start = System.nanoTime();

        Thread.sleep(step.duration());

        double seconds = Durations.seconds(System.nanoTime() - start);
        sent = counters.sent() - sent;
        accepted = counters.acknowledged() - accepted;
        refused = counters.refused() - refused;
        failed = counters.failed() - failed;
        result.count("devices-connected", run.connected(null).size())
                .count("sent", sent)
                .count("accepted", accepted)
                .count("refused", refused)
                .count("failed", failed)
                .figure("seconds", seconds, "s")
                .figure("sent-per-second", sent / seconds, "/s")
                .figure("accepted-per-second", accepted / seconds, "/s")
                .expectRate(accepted / seconds, "messages")
                .expectCount("refused", refused, sent);
    }

    /** Drops the sessions of the step's devices and connects them all again at once. */
    static void reconnect(Run run, Step.Reconnect step, StepResult result) throws InterruptedException {
        List<String> devices = run.active(step.group());

        ConnectionStorm storm = run.fleet.reconnect(devices, step.parallel());

        Latencies latencies = Latencies.of(storm.latencies());
        result.count("sessions", devices.size())
                .count("connected", storm.connected())
                .count("failed", storm.failed())
                .figure("seconds", Durations.seconds(storm.elapsed().toNanos()), "s")
                .figure("connections-per-second", storm.perSecond(), "/s")
                .figure("connect-p50-ms", latencies.p50(), "ms")
                .figure("connect-p99-ms", latencies.p99(), "ms")
                .expectCount("connected", storm.connected(), devices.size())
                .expectRate(storm.perSecond(), "connections");
    }
}
