package dev.palisade.cli;

import dev.palisade.cli.simulate.Scenario;
import dev.palisade.cli.simulate.ScenarioParser;
import dev.palisade.cli.simulate.ScenarioReport;
import dev.palisade.cli.simulate.ScenarioRunner;
import dev.palisade.cli.simulate.Step;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code palisade simulate --scenario FILE}: plays a scenario file against a running server with a simulated fleet in
 * this process; see docs/agent.md for the format. The exit code says whether every step met its expectations.
 */
@Command(
        name = "simulate",
        description = {
            "Run a scenario against a running server: a simulated fleet enrols, sends telemetry, misbehaves, is revoked,"
                    + " renews onto a new CA, reconnects in a storm, as the scenario file's timeline says.",
            "Prints a line of progress every second, each step's figures and checks, and a summary.",
            "Exit codes: 0 every expectation met, 1 an expectation not met, 2 a bad scenario file or a failed run,"
                    + " 3 not authenticated, 4 the server cannot be reached."
        },
        mixinStandardHelpOptions = true)
final class SimulateCommand implements Callable<Integer> {

    static final int EXPECTATION_NOT_MET = 1;

    @Mixin
    ClientOptions client;

    @Option(names = "--scenario", paramLabel = "FILE", required = true, description = "The scenario file (YAML).")
    Path scenario = Path.of("scenario.yaml");

    @Option(
            names = "--check",
            description = "Only read and check the scenario file, report what it would run, and run nothing.")
    boolean check;

    @Option(
            names = "--device-host",
            paramLabel = "HOST",
            defaultValue = "localhost",
            description = "Where devices reach the server (default: ${DEFAULT-VALUE}).")
    String deviceHost = "localhost";

    @Option(
            names = "--est-port",
            paramLabel = "PORT",
            defaultValue = "9443",
            description = "The server's device endpoint, EST (default: ${DEFAULT-VALUE}).")
    int estPort = 9443;

    @Option(
            names = "--mqtt-port",
            paramLabel = "PORT",
            defaultValue = "8883",
            description = "The server's MQTT broker (default: ${DEFAULT-VALUE}).")
    int mqttPort = 8883;

    @Option(
            names = "--offline-root",
            paramLabel = "DIR",
            description = "For rotate-ca steps: the offline root's keystore, passphrase and certificate"
                    + " (root.p12, root.password, root-certificate.pem; default: DATA_DIR/offline-root).")
    @Nullable
    Path offlineRoot;

    @Option(names = "--report", paramLabel = "FILE", description = "Also write the run's report here, as JSON.")
    @Nullable
    Path report;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        var out = spec.commandLine().getOut();
        Scenario loaded = ScenarioParser.read(scenario);
        if (check) {
            out.printf(
                    Locale.ROOT,
                    "%s: scenario %s is valid: %,d devices in %d groups, %d steps (%s)%n",
                    scenario,
                    loaded.name(),
                    loaded.fleetSize(),
                    loaded.fleet().size(),
                    loaded.timeline().size(),
                    String.join(", ", loaded.timeline().stream().map(Step::kind).toList()));
            out.flush();
            return 0;
        }
        var signer = new OfflineRootSigner(
                offlineRoot != null
                        ? offlineRoot
                        : DataDirectories.resolve(client.dataDir).resolve("offline-root"));
        var runner = new ScenarioRunner(
                new ApiFleetOperator(
                        client.client(),
                        signer,
                        loaded.timeline().stream().anyMatch(step -> step instanceof Step.RotateCa)),
                deviceHost,
                estPort,
                mqttPort,
                out,
                Duration.ofSeconds(1));
        ScenarioReport result = runner.run(loaded);
        if (report != null) {
            var json = JsonMapper.builder().build();
            ObjectNode document = json.valueToTree(result);
            document.put("passed", result.passed());
            Files.writeString(
                    report, json.writerWithDefaultPrettyPrinter().writeValueAsString(document), StandardCharsets.UTF_8);
        }
        return result.passed() ? 0 : EXPECTATION_NOT_MET;
    }
}
