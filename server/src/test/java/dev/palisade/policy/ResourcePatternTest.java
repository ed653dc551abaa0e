package dev.palisade.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.type;

import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ResourcePatternTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "#",
                "+",
                "a",
                "a//b",
                "/a",
                "a/",
                "/",
                "+/+/#",
                "$SYS/broker/#",
                "devices/${device.id}/telemetry/#",
                "sensor-${device.id}/x",
                "rooms/${device.attr.room_2}",
                "groups/${device.group}/${device.tenant}/${cert.serial}",
                "price/$5/{x}",
                "a b/ü/€"
            })
    void acceptsEveryValidMqttFilterWithVariables(String text) {
        assertThat(ResourcePattern.topic(text).text()).isEqualTo(text);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "a/#/b              | PATTERN_MISPLACED_MULTI_LEVEL_WILDCARD  | 2",
                "a/b#               | PATTERN_MISPLACED_MULTI_LEVEL_WILDCARD  | 3",
                "#/a                | PATTERN_MISPLACED_MULTI_LEVEL_WILDCARD  | 0",
                "+x                 | PATTERN_MISPLACED_SINGLE_LEVEL_WILDCARD | 0",
                "a/b+/c             | PATTERN_MISPLACED_SINGLE_LEVEL_WILDCARD | 3",
                "a/${device.name}   | PATTERN_UNKNOWN_VARIABLE                | 2",
                "a/${device.attr.}  | PATTERN_UNKNOWN_VARIABLE                | 2",
                "a/${device.attr.1x}| PATTERN_UNKNOWN_VARIABLE                | 2",
                "a/${device.id      | PATTERN_MALFORMED_VARIABLE              | 2",
                "a/${device.id/x}   | PATTERN_MALFORMED_VARIABLE              | 2",
                "a/${}              | PATTERN_MALFORMED_VARIABLE              | 2",
                "${device.group}/x/${device.group} | PATTERN_REPEATED_GROUP_VARIABLE | 18",
            })
    void refusesInvalidTopicPatternsAtTheOffendingCharacter(String text, PolicyDocumentError error, int offset) {
        assertThatThrownBy(() -> ResourcePattern.topic(text))
                .asInstanceOf(type(PolicyDocumentException.class))
                .returns(error, PolicyDocumentException::error)
                .returns(OptionalInt.of(offset), PolicyDocumentException::patternOffset);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a/b", "#", "a+", "x/+", "+${device.id}"})
    void refusesClientIdPatternsThatAreNotASingleLevel(String text) {
        assertThatThrownBy(() -> ResourcePattern.clientId(text)).isInstanceOf(PolicyDocumentException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"+", "${device.id}", "meter-${cert.serial}", "fixed", "$weird{"})
    void acceptsClientIdPatterns(String text) {
        assertThat(ResourcePattern.clientId(text).levels()).hasSize(1);
    }

    @Test
    void refusesPatternsLongerThanMqttAllowsCountingUtf8Bytes() {
        String exactlyAtTheLimit = "a".repeat(PolicyLimits.MAX_TOPIC_BYTES);
        String overByOneMultiByteCharacter = "a".repeat(PolicyLimits.MAX_TOPIC_BYTES - 1) + "é";

        assertThat(ResourcePattern.topic(exactlyAtTheLimit).text()).hasSize(65_535);
        assertThatThrownBy(() -> ResourcePattern.topic(overByOneMultiByteCharacter))
                .asInstanceOf(type(PolicyDocumentException.class))
                .returns(PolicyDocumentError.PATTERN_TOO_LONG, PolicyDocumentException::error)
                .returns(OptionalInt.of(65_534), PolicyDocumentException::patternOffset);
    }

    @Test
    void splitsLevelsIntoTextAndVariables() {
        ResourcePattern pattern = ResourcePattern.topic("s-${device.id}-x/+/#");

        assertThat(pattern.levels())
                .containsExactly(
                        new PatternLevel.Exact(List.of(
                                new PatternLevel.Segment.Text("s-"),
                                new PatternLevel.Segment.Variable(PolicyVariable.of(PolicyVariable.Kind.DEVICE_ID)),
                                new PatternLevel.Segment.Text("-x"))),
                        new PatternLevel.AnyLevel(),
                        new PatternLevel.AnyRemainingLevels());
        assertThat(pattern.mentions(PolicyVariable.Kind.DEVICE_ID)).isTrue();
        assertThat(pattern.mentions(PolicyVariable.Kind.GROUP)).isFalse();
    }
}
