package dev.palisade.cli.simulate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.type;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScenarioParserTest {

    private static final String FLEET = """
            name: t
            fleet:
              - group: meter
                model: meter-m1
                firmware: 1.4.0
                count: 4
            timeline:
              - step: enrol
            """;

    @Test
    void readsTheSmokeScenarioWithItsDefaultsAndExpectations() throws Exception {
        Scenario scenario = ScenarioParser.read(Path.of("..", "scenarios", "smoke.yaml"));

        assertThat(scenario.name()).isEqualTo("smoke");
        assertThat(scenario.fleetSize()).isEqualTo(10);
        DeviceGroup meters = scenario.fleet().getFirst();
        assertThat(meters.hardwareRevision()).as("the default").isEqualTo("rev-a");
        assertThat(meters.telemetry().interval()).isEqualTo(Duration.ofMillis(500));
        assertThat(meters.telemetry().payloadBytes()).isEqualTo(96);
        assertThat(meters.telemetry().jitter()).isEqualTo(Duration.ofMillis(100));
        assertThat(meters.deviceIds()).startsWith("meter-0001", "meter-0002").hasSize(8);
        DeviceGroup gateways = scenario.fleet().get(1);
        assertThat(gateways.hardwareRevision()).isEqualTo("rev-c");
        assertThat(gateways.telemetry().jitter()).isZero();
        assertThat(scenario.timeline().stream().map(Step::kind))
                .containsExactly(
                        "enrol",
                        "traffic",
                        "publish-foreign",
                        "subscribe-wildcard",
                        "flood",
                        "revoke",
                        "rotate-ca",
                        "reconnect");
        assertThat(scenario.timeline().get(2))
                .asInstanceOf(type(Step.PublishForeign.class))
                .satisfies(step -> {
                    assertThat(step.pick()).isEqualTo(new Step.Pick("meter", 1));
                    assertThat(step.messages()).isEqualTo(2);
                    assertThat(step.expected("refused")).contains(Expected.Count.ALL);
                });
        assertThat(scenario.timeline().get(1).expected("refused")).contains(new Expected.Count(0L));
        assertThat(scenario.timeline().get(3))
                .asInstanceOf(type(Step.SubscribeWildcard.class))
                .extracting(Step.SubscribeWildcard::filter)
                .isEqualTo("#");
        assertThat(scenario.timeline().get(5))
                .asInstanceOf(type(Step.Revoke.class))
                .satisfies(step -> {
                    assertThat(step.pick()).isEqualTo(new Step.Pick(null, 2));
                    assertThat(step.reason()).isEqualTo("key-compromise");
                });
        assertThat(scenario.timeline().get(6))
                .asInstanceOf(type(Step.RotateCa.class))
                .satisfies(step -> assertThat(step.retireOld()).isTrue());
    }

    @Test
    void readsTheBenchmarkScenarios() throws Exception {
        Scenario storm = ScenarioParser.read(Path.of("..", "scenarios", "connection-storm.yaml"));
        Scenario telemetry = ScenarioParser.read(Path.of("..", "scenarios", "telemetry-rate.yaml"));

        assertThat(storm.fleetSize()).isEqualTo(2000);
        assertThat(storm.timeline().stream().map(Step::kind)).contains("reconnect", "revoke");
        assertThat(telemetry.fleetSize()).isEqualTo(1000);
        assertThat(telemetry.fleet().getFirst().telemetry().interval()).isEqualTo(Duration.ofMillis(250));
    }

    @Test
    void readsDurationsWithUnitsOrInIso8601AndOffsetsAndRates() {
        Scenario scenario = parse(FLEET + """
                  - step: traffic
                    at: 1.5s
                    duration: PT2S
                  - step: flood
                    at: 2m
                    rate: 12.5
                    duration: 250ms
                    expect: {min-rate: 10, accepted: 20}
                """);

        Step traffic = scenario.timeline().get(1);
        assertThat(traffic.at()).isEqualTo(Duration.ofMillis(1500));
        assertThat(((Step.Traffic) traffic).duration()).isEqualTo(Duration.ofSeconds(2));
        Step.Flood flood = (Step.Flood) scenario.timeline().get(2);
        assertThat(flood.at()).isEqualTo(Duration.ofMinutes(2));
        assertThat(flood.rate()).isEqualTo(12.5);
        assertThat(flood.duration()).isEqualTo(Duration.ofMillis(250));
        assertThat(flood.expected("min-rate")).contains(new Expected.AtLeast(10));
        assertThat(flood.expected("accepted")).contains(new Expected.Count(20L));
        assertThat(flood.pick()).as("one device of any group unless told").isEqualTo(new Step.Pick(null, 1));
    }

    @Test
    void aFloodMayExpectToBeHeldToAMaximumRate() {
        Scenario scenario = parse(FLEET + """
                  - step: flood
                    rate: 1000
                    duration: 3s
                    expect: {max-rate: 200}
                """);

        assertThat(scenario.timeline().get(1).expected("max-rate")).contains(new Expected.AtMost(200));
        assertThat(new Expected.AtMost(200).met(166.7)).isTrue();
        assertThat(new Expected.AtMost(200).met(950)).isFalse();
        assertThatThrownBy(() -> parse(FLEET + """
                          - step: traffic
                            duration: 1s
                            expect: {max-rate: 5}
                        """))
                .isInstanceOf(ScenarioException.class)
                .hasMessageContaining("max-rate");
        assertThatThrownBy(() -> parse(FLEET + """
                          - step: flood
                            expect: {max-rate: -1}
                        """))
                .isInstanceOf(ScenarioException.class)
                .hasMessageContaining("must be a number of messages");
    }

    @Test
    void anUnknownFieldIsRefusedWithItsLineAndTheFieldsThatAreTaken() {
        assertRefused(
                """
                name: t
                fleet:
                  - group: meter
                    modle: meter-m1
                    firmware: 1.4.0
                    count: 4
                timeline:
                  - step: enrol
                """,
                4,
                "fleet[0].modle",
                "unknown field 'modle' (a device group takes: count, firmware, group, hardware-revision, model,"
                        + " telemetry)");
    }

    @Test
    void anUnknownStepIsRefusedWithTheKindsThereAre() {
        assertRefused(
                FLEET + "  - step: flod\n    rate: 5\n",
                9,
                "timeline[1].step",
                "unknown step 'flod' (one of enrol, traffic, publish-foreign, subscribe-wildcard, flood, revoke,"
                        + " rotate-ca, reconnect)");
    }

    @Test
    void aValueOfTheWrongTypeOrRangeIsRefusedWithWhatItMustBe() {
        assertRefused(
                FLEET.replace("count: 4", "count: many"),
                6,
                "fleet[0].count",
                "must be a whole number from 1 to 50,000, not 'many'");
        assertRefused(
                FLEET.replace("count: 4", "count: 0"),
                6,
                "fleet[0].count",
                "must be a whole number from 1 to 50,000, not the number 0");
        assertRefused(
                FLEET + "  - step: flood\n    rate: -3\n    duration: 1s\n",
                10,
                "timeline[1].rate",
                "must be a number above 0");
        assertRefused(
                FLEET.replace("model: meter-m1", "model: [a, b]"), 4, "fleet[0].model", "must be text, not a list");
    }

    @Test
    void aDurationWithoutItsUnitIsRefusedWithAHint() {
        assertRefused(
                FLEET + "  - step: traffic\n    duration: 5\n",
                10,
                "timeline[1].duration",
                "must be a duration, not the number 5 (a duration needs its unit: 5s, 5ms)");
    }

    @Test
    void anExpectationTheStepCannotMeasureIsRefused() {
        assertRefused(
                FLEET + "  - step: traffic\n    duration: 1s\n    expect:\n      renewed: all\n",
                12,
                "timeline[1].expect.renewed",
                "unknown field 'renewed' (the expect of a traffic step takes: min-rate, refused)");
        assertRefused(
                FLEET + "  - step: revoke\n    expect: {closed: most}\n",
                10,
                "timeline[1].expect.closed",
                "must be all, none or a number of at least 0, not 'most'");
    }

    @Test
    void anUnquotedHashIsReadAsACommentAndTheFilterIsRefusedWithTheFix() {
        assertRefused(
                FLEET + "  - step: subscribe-wildcard\n    filter: #\n", 10, "timeline[1].filter", "quote it (\"#\")");
    }

    @Test
    void aStepOnAGroupThatDoesNotExistIsRefused() {
        assertRefused(
                FLEET + "  - step: revoke\n    group: meters\n",
                10,
                "timeline[1].group",
                "no group 'meters' in the fleet (it has meter)");
    }

    @Test
    void moreDevicesThanTheGroupHasAreRefused() {
        assertRefused(
                FLEET + "  - step: revoke\n    devices: 5\n",
                10,
                "timeline[1].devices",
                "must be a whole number from 1 to 4, not the number 5");
    }

    @Test
    void aStepThatNeedsDevicesBeforeAnyEnrolledIsRefused() {
        assertRefused(
                FLEET.replace("  - step: enrol\n", "  - step: traffic\n    duration: 1s\n  - step: enrol\n"),
                8,
                "timeline[0]",
                "a traffic step needs devices: enrol some first");
    }

    @Test
    void aGroupEnrolledTwiceIsRefused() {
        assertRefused(
                FLEET + "  - step: enrol\n    group: meter\n",
                9,
                "timeline[1]",
                "group 'meter' is enrolled by an earlier step already");
    }

    @Test
    void anOffsetBeforeThePreviousStepsIsRefused() {
        assertRefused(
                FLEET
                        + "  - step: traffic\n    at: 10s\n    duration: 1s\n  - step: traffic\n    at: 5s\n    duration: 1s\n",
                13,
                "timeline[2].at",
                "comes before the previous step's at (10s): steps run in the order written");
    }

    @Test
    void aJitterAsLongAsTheIntervalIsRefused() {
        assertRefused(
                FLEET.replace("count: 4", "count: 4\n    telemetry: {interval: 1s, jitter: 1s}"),
                7,
                "fleet[0].telemetry.jitter",
                "must be less than the interval (1s), not 1s");
    }

    @Test
    void aKeyWrittenTwiceIsRefused() {
        assertRefused(
                FLEET.replace("count: 4", "count: 4\n    count: 5"),
                7,
                "fleet[0].count",
                "written twice (first at line 6)");
    }

    @Test
    void aMissingRequiredFieldIsNamed() {
        assertRefused("name: t\ntimeline:\n  - step: enrol\n", 1, "fleet", "missing (a required field)");
        assertRefused(FLEET.replace("    firmware: 1.4.0\n", ""), 3, "fleet[0].firmware", "missing");
    }

    @Test
    void textThatIsNotYamlIsRefusedWithItsLine() {
        assertRefused(
                "name: t\nfleet: [\n  {group: a\n",
                3,
                "",
                "not valid YAML: while parsing a flow mapping; expected ',' or '}', but got <stream end>");
        assertRefused("", 1, "", "the file holds no scenario");
        assertRefused("- a\n- b\n", 1, "", "a scenario must be a mapping of fields, not a list");
    }

    @Test
    void theMessageNamesTheFileLineAndField() {
        assertThatThrownBy(() -> ScenarioParser.parse("storm.yaml", FLEET.replace("count: 4", "count: x")))
                .hasMessage("storm.yaml:6:12: fleet[0].count: must be a whole number from 1 to 50,000, not 'x'");
    }

    private static Scenario parse(String text) {
        return ScenarioParser.parse("test.yaml", text);
    }

    private static void assertRefused(String text, int line, String path, String problem) {
        assertThatThrownBy(() -> parse(text))
                .isInstanceOf(ScenarioException.class)
                .hasMessageContaining(problem)
                .satisfies(failure -> {
                    ScenarioException refused = (ScenarioException) failure;
                    assertThat(List.of(refused.line(), refused.path()))
                            .as(refused.getMessage())
                            .containsExactly(line, path);
                });
    }
}
