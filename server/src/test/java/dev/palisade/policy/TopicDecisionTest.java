package dev.palisade.policy;

import static dev.palisade.policy.Policies.allow;
import static dev.palisade.policy.Policies.compile;
import static dev.palisade.policy.Policies.deny;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Decisions on topic names: publish, receive and retain. */
class TopicDecisionTest {

    @Test
    void nothingIsAllowedWithoutAStatementThatAllowsIt() {
        CompiledPolicy policy = compile(allow("publish", "a/b"));

        assertThat(policy.mayPublish("a/b")).isTrue();
        assertThat(policy.mayPublish("a/c")).isFalse();
        assertThat(policy.mayPublish("a/b/c")).isFalse();
        assertThat(policy.mayPublish("a")).isFalse();
        assertThat(PolicyCompiler.denyAll().mayPublish("a/b")).isFalse();
    }

    @Test
    void denyWinsOverAllow() {
        CompiledPolicy policy = compile(allow("publish", "a/#"), deny("publish", "a/secret/+"));

        assertThat(policy.mayPublish("a/open")).isTrue();
        assertThat(policy.mayPublish("a/secret/x")).isFalse();
        assertThat(policy.mayPublish("a/secret")).isTrue();
        assertThat(policy.mayPublish("a/secret/x/y")).isTrue();
    }

    @Test
    void denyInOneDocumentWinsOverAllowInAnother() {
        PolicyDocument groupPolicy = PolicyDocument.parse(Policies.document(allow("publish", "a/#")));
        PolicyDocument devicePolicy = PolicyDocument.parse(Policies.document(deny("publish", "a/b")));

        CompiledPolicy policy = PolicyCompiler.compile(List.of(groupPolicy, devicePolicy), Policies.METER);

        assertThat(policy.mayPublish("a/b")).isFalse();
        assertThat(policy.mayPublish("a/c")).isTrue();
    }

    @Test
    void multiLevelWildcardMatchesItsParentLevelAndEverythingBelow() {
        CompiledPolicy policy = compile(allow("receive", "a/b/#"));

        assertThat(policy.mayReceive("a/b")).isTrue();
        assertThat(policy.mayReceive("a/b/c")).isTrue();
        assertThat(policy.mayReceive("a/b/c/d/e")).isTrue();
        assertThat(policy.mayReceive("a/b/")).isTrue();
        assertThat(policy.mayReceive("a")).isFalse();
        assertThat(policy.mayReceive("a/bc")).isFalse();
    }

    @Test
    void singleLevelWildcardMatchesExactlyOneLevelIncludingAnEmptyOne() {
        CompiledPolicy policy = compile(allow("receive", "a/+/c"));

        assertThat(policy.mayReceive("a/b/c")).isTrue();
        assertThat(policy.mayReceive("a//c")).isTrue();
        assertThat(policy.mayReceive("a/c")).isFalse();
        assertThat(policy.mayReceive("a/b/x/c")).isFalse();
        assertThat(policy.mayReceive("a/b/c/d")).isFalse();
    }

    @Test
    void emptyLevelsAreOrdinaryLevels() {
        CompiledPolicy policy = compile(allow("publish", "/a", "a//b", "c/"));

        assertThat(policy.mayPublish("/a")).isTrue();
        assertThat(policy.mayPublish("a//b")).isTrue();
        assertThat(policy.mayPublish("c/")).isTrue();
        assertThat(policy.mayPublish("a")).isFalse();
        assertThat(policy.mayPublish("a/b")).isFalse();
        assertThat(policy.mayPublish("c")).isFalse();
        assertThat(policy.mayPublish("/")).isFalse();
    }

    @Test
    void dollarTopicsAreNotMatchedByLeadingWildcard() {
        CompiledPolicy policy = compile(allow("receive", "#", "+/broker/load"));

        assertThat(policy.mayReceive("$SYS/broker/load")).isFalse();
        assertThat(policy.mayReceive("$SYS")).isFalse();
        assertThat(policy.mayReceive("SYS/broker/load")).isTrue();
        assertThat(policy.mayReceive("a$/x")).isTrue();
    }

    @Test
    void dollarTopicsAreMatchedWhenNamedLiterally() {
        CompiledPolicy policy = compile(allow("receive", "$SYS/#"), deny("receive", "$SYS/private/+"));

        assertThat(policy.mayReceive("$SYS/broker/load")).isTrue();
        assertThat(policy.mayReceive("$SYS/private/key")).isFalse();
        assertThat(policy.mayReceive("$other/x")).isFalse();
    }

    @Test
    void aDenyWithALeadingWildcardDoesNotReachDollarTopics() {
        CompiledPolicy policy = compile(allow("receive", "$SYS/#"), deny("receive", "#"));

        assertThat(policy.mayReceive("$SYS/broker/load")).isTrue();
        assertThat(policy.mayReceive("anything")).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a/+", "a/#", "+", "#", "a/b+", "a/#b", "a\u0000b"})
    void invalidTopicNamesAreDenied(String topic) {
        CompiledPolicy policy = compile(allow("publish,receive,retain", "#"), allow("publish", "a/+", "a/#"));

        assertThat(policy.mayPublish(topic)).isFalse();
        assertThat(policy.mayReceive(topic)).isFalse();
        assertThat(policy.mayRetain(topic)).isFalse();
    }

    @Test
    void topicsLongerThanMqttAllowsAreDeniedCountingUtf8Bytes() {
        CompiledPolicy policy = compile(allow("publish", "#"));

        assertThat(policy.mayPublish("a".repeat(65_535))).isTrue();
        assertThat(policy.mayPublish("a".repeat(65_536))).isFalse();
        assertThat(policy.mayPublish("é".repeat(32_767))).isTrue();
        assertThat(policy.mayPublish("é".repeat(32_768))).isFalse();
        assertThat(policy.mayPublish("a/" + "€".repeat(21_845))).isFalse();
    }

    @Test
    void eachActionIsDecidedByItsOwnStatements() {
        CompiledPolicy policy = compile(allow("publish", "a/b"), allow("receive", "c/d"));

        assertThat(policy.mayPublish("a/b")).isTrue();
        assertThat(policy.mayReceive("a/b")).isFalse();
        assertThat(policy.mayReceive("c/d")).isTrue();
        assertThat(policy.mayPublish("c/d")).isFalse();
        assertThat(policy.maySubscribe("c/d")).isFalse();
    }

    @Test
    void retainNeedsPublishAsWell() {
        CompiledPolicy policy = compile(allow("publish", "a/#"), allow("retain", "a/state", "b/state"));

        assertThat(policy.mayRetain("a/state")).isTrue();
        assertThat(policy.mayRetain("b/state")).isFalse();
        assertThat(policy.mayRetain("a/other")).isFalse();
        assertThat(policy.permits(Action.RETAIN, "a/state")).isTrue();
    }

    @Test
    void manySiblingLevelsAreLookedUpExactly() {
        String[] resources = new String[40];
        for (int i = 0; i < resources.length; i++) {
            resources[i] = "fleet/unit-" + i + "/status";
        }
        CompiledPolicy policy =
                compile(allow("publish,subscribe", resources), deny("publish,subscribe", "fleet/unit-17/status"));

        for (int i = 0; i < resources.length; i++) {
            assertThat(policy.mayPublish("fleet/unit-" + i + "/status")).isEqualTo(i != 17);
            assertThat(policy.maySubscribe("fleet/unit-" + i + "/status")).isEqualTo(i != 17);
        }
        assertThat(policy.maySubscribe("fleet/+/status")).isFalse();
        assertThat(policy.mayPublish("fleet/unit-40/status")).isFalse();
        assertThat(policy.mayPublish("fleet/unit-1/statu")).isFalse();
        assertThat(policy.mayPublish("fleet/unit-/status")).isFalse();
    }

    @Test
    void nonAsciiLevelsAreComparedExactly() {
        CompiledPolicy policy = compile(allow("publish", "sensors/€/#", "sensors/ü", "räume/küche"));

        assertThat(policy.mayPublish("sensors/€/x")).isTrue();
        assertThat(policy.mayPublish("sensors/€")).isTrue();
        assertThat(policy.mayPublish("sensors/ü")).isTrue();
        assertThat(policy.mayPublish("räume/küche")).isTrue();
        assertThat(policy.mayPublish("sensors/u")).isFalse();
        assertThat(policy.mayPublish("sensors/ü/x")).isFalse();
        assertThat(policy.mayPublish("räume/kuche")).isFalse();
        assertThat(policy.mayPublish("sensors/€/x+")).isFalse();
    }

    @Test
    void literalAndWildcardBranchesAreBothExplored() {
        CompiledPolicy policy = compile(
                allow("publish", "a/x/c", "a/+/d"), deny("publish", "a/+/e", "a/y/#"), allow("publish", "a/y/f"));

        assertThat(policy.mayPublish("a/x/c")).isTrue();
        assertThat(policy.mayPublish("a/x/d")).isTrue();
        assertThat(policy.mayPublish("a/x/e")).isFalse();
        assertThat(policy.mayPublish("a/y/f")).isFalse();
        assertThat(policy.mayPublish("a/z/c")).isFalse();
    }
}
