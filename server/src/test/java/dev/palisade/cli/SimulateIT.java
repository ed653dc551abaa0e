package dev.palisade.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.cli.simulate.Figure;
import dev.palisade.cli.simulate.ScenarioParser;
import dev.palisade.cli.simulate.ScenarioReport;
import dev.palisade.cli.simulate.ScenarioRunner;
import dev.palisade.cli.simulate.StepReport;
import dev.palisade.support.WithServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Scenario files played against the real server with a simulated fleet: every step of the smoke scenario must have
 * done what it says (the misbehaving devices refused by policy on both sides, the flood held to the device's publish
 * rate, the revoked ones cut off and kept out, the fleet renewed onto a new CA), and a run whose expectations are not met must fail.
 */
class SimulateIT extends WithServer {

    @TempDir
    Path temp;

    @Test
    void theSmokeScenarioPlaysEveryStepAndMeetsItsExpectations() throws Exception {
        var printed = new StringWriter();
        var operator = new ApiFleetOperator(
                ApiClient.create(DATA_DIR, "https://localhost:" + port, null, null),
                new OfflineRootSigner(DATA_DIR.resolve("offline-root")),
                true);

        ScenarioReport report = new ScenarioRunner(
                        operator,
                        "localhost",
                        devicePort(),
                        mqttPort(),
                        new PrintWriter(printed),
                        Duration.ofSeconds(1))
                .run(ScenarioParser.read(Path.of("..", "scenarios", "smoke.yaml")));

        String output = printed.toString();
        StepReport enrol = step(report, "enrol");
        assertThat(figure(enrol, "enrolled")).as(output).isEqualTo(10);
        assertThat(figure(enrol, "connected")).as(output).isEqualTo(10);
        StepReport traffic = step(report, "traffic");
        assertThat(figure(traffic, "accepted")).as(output).isPositive();
        assertThat(figure(traffic, "refused")).isZero();
        StepReport foreign = step(report, "publish-foreign");
        assertThat(figure(foreign, "attempts")).isEqualTo(2);
        assertThat(figure(foreign, "refused"))
                .as("both publishes refused by policy: " + output)
                .isEqualTo(2);
        assertThat(figure(foreign, "refusals-counted-by-broker"))
                .as("the broker counted its refusals too")
                .isGreaterThanOrEqualTo(2);
        StepReport wildcard = step(report, "subscribe-wildcard");
        assertThat(figure(wildcard, "refused")).as(output).isEqualTo(1);
        assertThat(figure(wildcard, "refusals-counted-by-broker")).isGreaterThanOrEqualTo(1);
        StepReport flood = step(report, "flood");
        assertThat(figure(flood, "accepted")).as(output).isPositive();
        assertThat(figure(flood, "refused"))
                .as("the broker holds the flooding device to its publish rate: " + output)
                .isPositive();
        assertThat(figure(flood, "accepted-per-second-per-device")).isLessThanOrEqualTo(200);
        assertThat(figure(flood, "refusals-counted-by-broker"))
                .as("the broker counted its refusals too")
                .isGreaterThanOrEqualTo(figure(flood, "refused"));
        StepReport revoke = step(report, "revoke");
        assertThat(figure(revoke, "sessions-closed"))
                .as("revocation closes the live sessions: " + output)
                .isEqualTo(2);
        assertThat(figure(revoke, "reconnect-refused")).as(output).isEqualTo(2);
        assertThat(figure(revoke, "latency-p50-ms")).isPositive();
        StepReport rotation = step(report, "rotate-ca");
        assertThat(figure(rotation, "devices"))
                .as("every device not revoked: " + output)
                .isEqualTo(8);
        assertThat(figure(rotation, "renewed-onto-new-ca")).as(output).isEqualTo(8);
        assertThat(figure(rotation, "connected-after-retirement"))
                .as("renewed onto the new CA, the devices outlive the old one: " + output)
                .isEqualTo(8);
        StepReport storm = step(report, "reconnect");
        assertThat(figure(storm, "connected")).as(output).isEqualTo(8);
        assertThat(figure(storm, "connections-per-second")).isPositive();
        assertThat(report.refusals())
                .containsKeys("publish not authorized", "subscribe not authorized", "publish rate too high");
        assertThat(report.passed()).as(output).isTrue();
        assertThat(report.expectations()).isEqualTo(10);
        assertThat(output)
                .contains("msg/s · refusals:")
                .contains("Summary of scenario smoke")
                .contains("All 10 expectations met.");
        JsonNode cas = operator.tenant().get("/api/v1/ca");
        assertThat(statuses(cas)).containsExactlyInAnyOrder("active", "retired");
    }

    @Test
    void aRunWhoseExpectationIsNotMetExitsWithOneAndSaysWhich() throws Exception {
        Path scenario = Files.writeString(temp.resolve("wrong.yaml"), """
                name: wrong
                fleet:
                  - {group: m, model: meter-m1, firmware: 1.4.0, count: 2}
                timeline:
                  - step: enrol
                    expect: {enrolled: all}
                  - step: subscribe-wildcard
                    expect: {accepted: all}
                """);
        Path reportFile = temp.resolve("report.json");

        Run run = simulate("--scenario", scenario.toString(), "--report", reportFile.toString());

        assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(1);
        assertThat(run.out())
                .contains("expect accepted: all (1); observed 0 of 1: NOT MET")
                .contains("1 of 2 expectations NOT met")
                .contains("step 2 (subscribe-wildcard, line 7): expected accepted all (1), observed 0 of 1");
        JsonNode report = JsonMapper.builder().build().readTree(Files.readString(reportFile));
        assertThat(report.path("passed").asBoolean()).isFalse();
        assertThat(report.path("steps").get(1).path("figures").toString()).contains("refused");
    }

    @Test
    void aBadScenarioFileIsRefusedWithItsLineBeforeAnythingRuns() throws Exception {
        Path scenario = Files.writeString(temp.resolve("bad.yaml"), """
                name: bad
                fleet:
                  - {group: m, model: meter-m1, firmware: 1.4.0, count: 2}
                timeline:
                  - step: enrol
                  - step: revoke
                    devices: 3
                """);
        Path valid = Files.writeString(
                temp.resolve("ok.yaml"), Files.readString(scenario).replace("devices: 3", "devices: 1"));

        Run refused = simulate("--scenario", scenario.toString());
        Run checked = simulate("--scenario", valid.toString(), "--check");

        assertThat(refused.exitCode()).isEqualTo(2);
        assertThat(refused.err())
                .contains("bad.yaml:7:14: timeline[1].devices: must be a whole number from 1 to 2, not the number 3");
        assertThat(checked.exitCode()).as(checked.err()).isZero();
        assertThat(checked.out()).contains("scenario bad is valid: 2 devices in 1 groups, 2 steps (enrol, revoke)");
    }

    private Run simulate(String... arguments) {
        List<String> all = new ArrayList<>(List.of("simulate"));
        all.addAll(List.of(arguments));
        all.addAll(List.of(
                "--data-dir",
                DATA_DIR.toString(),
                "--server",
                "https://localhost:" + port,
                "--est-port",
                Integer.toString(devicePort()),
                "--mqtt-port",
                Integer.toString(mqttPort())));
        var out = new StringWriter();
        var err = new StringWriter();
        CommandLine command = PalisadeMain.commandLine();
        command.setOut(new PrintWriter(out));
        command.setErr(new PrintWriter(err));
        int exitCode = command.execute(all.toArray(String[]::new));
        return new Run(exitCode, out.toString(), err.toString());
    }

    private record Run(int exitCode, String out, String err) {}

    private static StepReport step(ScenarioReport report, String kind) {
        return report.step(kind).orElseThrow(() -> new AssertionError("no " + kind + " step in the report"));
    }

    private static double figure(StepReport step, String key) {
        return step.figure(key)
                .map(Figure::value)
                .orElseThrow(() -> new AssertionError("no figure " + key + " in step " + step.kind()));
    }

    private static List<String> statuses(JsonNode cas) {
        List<String> statuses = new ArrayList<>();
        cas.forEach(ca -> statuses.add(ca.path("status").asString()));
        return statuses;
    }
}
