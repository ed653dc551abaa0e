package dev.palisade.cli.simulate;

import dev.palisade.agent.Endpoints;
import dev.palisade.agent.EnrolmentException;
import dev.palisade.agent.sim.FleetSimulator;
import dev.palisade.agent.sim.SimulatedDevice;
import java.io.IOException;
import java.io.PrintWriter;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Plays a scenario against a server: a tenant of its own, the fleet made in a factory and simulated in this JVM, then
 * the timeline's steps one after another, each measured and its expectations checked, with a line of progress every
 * second. Every figure it prints and reports is measured in the run.
 */
public final class ScenarioRunner {

    private final FleetOperator operator;
    private final String host;
    private final int estPort;
    private final int mqttPort;
    private final PrintWriter out;
    private final Duration progressEvery;

    /**
     * @param host where devices reach the server
     * @param estPort its device endpoint (EST)
     * @param mqttPort its broker's TLS listener
     * @param progressEvery how often a line of progress is printed
     */
    public ScenarioRunner(
            FleetOperator operator, String host, int estPort, int mqttPort, PrintWriter out, Duration progressEvery) {
        this.operator = operator;
        this.host = host;
        this.estPort = estPort;
        this.mqttPort = mqttPort;
        this.out = out;
        this.progressEvery = progressEvery;
    }

    public ScenarioReport run(Scenario scenario) throws IOException, InterruptedException {
        print(String.format(
                Locale.ROOT,
                "Scenario %s: %,d devices in %d group%s, %d step%s%s",
                scenario.name(),
                scenario.fleetSize(),
                scenario.fleet().size(),
                scenario.fleet().size() == 1 ? "" : "s",
                scenario.timeline().size(),
                scenario.timeline().size() == 1 ? "" : "s",
                scenario.description().isEmpty()
                        ? ""
                        : "\n" + scenario.description().strip()));
        String tenant = operator.createTenant(scenario.name());
        X509Certificate root = operator.root();
        EndpointReadiness.awaitTls(host, estPort, root, "device endpoint");
        EndpointReadiness.awaitTls(host, mqttPort, root, "MQTT broker");
        long made = System.nanoTime();
        List<SimulatedDevice> devices = operator.manufacture(scenario.fleet());
        print(String.format(
                Locale.ROOT,
                "Tenant %s; %,d devices made in %.1f s (own factory keys and bootstrap certificates, signed manifests)",
                tenant,
                devices.size(),
                Durations.seconds(System.nanoTime() - made)));

        var watch = new FleetWatch();
        var endpoints = new Endpoints(host, estPort, mqttPort, root);
        List<StepReport> reports = new ArrayList<>();
        try (var fleet = new FleetSimulator(endpoints, tenant, Duration.ofSeconds(1), watch)) {
            if (!devices.isEmpty()) {
                // a device asks for the CA certificates first; for a new tenant that sets up its issuing CA, which
                // would otherwise be timed as part of the first enrolments
                long asked = System.nanoTime();
                try {
                    int certificates = fleet.caCertificates(devices.getFirst()).size();
                    print(String.format(
                            Locale.ROOT,
                            "The tenant's CA certificates (/cacerts, %d) in %.1f s",
                            certificates,
                            Durations.seconds(System.nanoTime() - asked)));
                } catch (EnrolmentException e) {
                    print("The tenant's CA certificates could not be read (" + e.getMessage() + "); going on");
                }
            }
            return timeline(scenario, tenant, devices, fleet, watch, reports);
        }
    }

    private ScenarioReport timeline(
            Scenario scenario,
            String tenant,
            List<SimulatedDevice> devices,
            FleetSimulator fleet,
            FleetWatch watch,
            List<StepReport> reports)
            throws IOException, InterruptedException {
        long start = System.nanoTime();
        try (var progress = new ProgressPrinter(fleet, out, start, progressEvery)) {
            var run = new Run(scenario, fleet, watch, operator, out);
            Map<String, String> groupOf = new HashMap<>();
            scenario.fleet().forEach(group -> group.deviceIds().forEach(id -> groupOf.put(id, group.name())));
            devices.forEach(device -> run.add(groupOf.getOrDefault(device.id(), ""), device));
            for (int i = 0; i < scenario.timeline().size(); i++) {
                Step step = scenario.timeline().get(i);
                waitUntil(step, start);
                double startedAt = Durations.seconds(System.nanoTime() - start);
                print(String.format(
                        Locale.ROOT,
                        "%nStep %d of %d (line %d) at %.1f s: %s",
                        i + 1,
                        scenario.timeline().size(),
                        step.line(),
                        startedAt,
                        StepDescriptions.of(step)));
                progress.step(step.kind());
                var result = new StepResult(step);
                long began = System.nanoTime();
                execute(run, step, result);
                var report = new StepReport(
                        i + 1,
                        step.kind(),
                        step.line(),
                        startedAt,
                        Durations.seconds(System.nanoTime() - began),
                        result.figures,
                        result.checks,
                        result.notes);
                reports.add(report);
                printOutcome(report);
                progress.step("(between steps)");
            }
            var report = new ScenarioReport(
                    scenario.name(),
                    tenant,
                    devices.size(),
                    Durations.seconds(System.nanoTime() - start),
                    reports,
                    fleet.counters().refusals());
            summary(report);
            return report;
        }
    }

    private static void execute(Run run, Step step, StepResult result) throws IOException, InterruptedException {
        switch (step) {
            case Step.Enrol enrol -> FleetSteps.enrol(run, enrol, result);
            case Step.Traffic traffic -> FleetSteps.traffic(run, traffic, result);
            case Step.Reconnect reconnect -> FleetSteps.reconnect(run, reconnect, result);
            case Step.PublishForeign foreign -> MisbehaviourSteps.publishForeign(run, foreign, result);
            case Step.SubscribeWildcard wildcard -> MisbehaviourSteps.subscribeWildcard(run, wildcard, result);
            case Step.Flood flood -> MisbehaviourSteps.flood(run, flood, result);
            case Step.Revoke revoke -> OperatorSteps.revoke(run, revoke, result);
            case Step.RotateCa rotate -> OperatorSteps.rotateCa(run, rotate, result);
        }
    }

    /** Holds the step back until its offset from the start of the timeline. */
    private static void waitUntil(Step step, long start) throws InterruptedException {
        if (step.at() == null) {
            return;
        }
        long wait = start + step.at().toNanos() - System.nanoTime();
        if (wait > 0) {
            Thread.sleep(Duration.ofNanos(wait));
        }
    }

    private void printOutcome(StepReport report) {
        StringBuilder text = new StringBuilder();
        text.append("   ")
                .append(report.figures().stream()
                        .map(figure -> figure.key() + " " + figure.formatted())
                        .collect(Collectors.joining(" · ")));
        for (String note : report.notes()) {
            text.append("\n   ").append(note);
        }
        for (Check check : report.checks()) {
            text.append(String.format(
                    Locale.ROOT,
                    "%n   expect %s: %s; observed %s: %s",
                    check.key(),
                    check.expected(),
                    check.observed(),
                    check.met() ? "met" : "NOT MET"));
        }
        print(text.toString());
    }

    private void summary(ScenarioReport report) {
        StringBuilder text = new StringBuilder();
        text.append(String.format(
                Locale.ROOT,
                "%nSummary of scenario %s (tenant %s): %,d devices, timeline %.1f s%n",
                report.scenario(),
                report.tenant(),
                report.devices(),
                report.seconds()));
        text.append(String.format(
                Locale.ROOT, "  %-3s %-19s %5s %9s %9s  %s%n", "#", "step", "line", "at", "took", "expectations"));
        for (StepReport step : report.steps()) {
            long met = step.checks().stream().filter(Check::met).count();
            text.append(String.format(
                    Locale.ROOT,
                    "  %-3d %-19s %5d %7.1f s %7.1f s  %s%n",
                    step.number(),
                    step.kind(),
                    step.line(),
                    step.startedAt(),
                    step.seconds(),
                    step.checks().isEmpty()
                            ? "none stated"
                            : met + " of " + step.checks().size() + (step.passed() ? " met" : " met: FAILED")));
        }
        text.append("  refusals the fleet saw: ")
                .append(ProgressPrinter.refusals(report.refusals()))
                .append('\n');
        if (report.passed()) {
            text.append(String.format(Locale.ROOT, "All %d expectations met.", report.expectations()));
        } else {
            text.append(String.format(
                    Locale.ROOT,
                    "%d of %d expectations NOT met:",
                    report.expectations() - report.expectationsMet(),
                    report.expectations()));
            for (StepReport step : report.steps()) {
                for (Check check : step.checks()) {
                    if (!check.met()) {
                        text.append(String.format(
                                Locale.ROOT,
                                "%n  step %d (%s, line %d): expected %s %s, observed %s",
                                step.number(),
                                step.kind(),
                                step.line(),
                                check.key(),
                                check.expected(),
                                check.observed()));
                    }
                }
            }
        }
        print(text.toString());
    }

    private void print(String text) {
        synchronized (out) {
            out.println(text);
            out.flush();
        }
    }
}
