package dev.palisade.policy;

import static dev.palisade.policy.Policies.allow;
import static dev.palisade.policy.Policies.compile;
import static dev.palisade.policy.Policies.deny;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Decisions on topic filters: a filter is allowed only if every topic it can match is. */
class SubscriptionDecisionTest {

    @Test
    void filterInsideAnAllowedSubtreeIsAllowed() {
        CompiledPolicy policy = compile(allow("subscribe", "devices/meter-0042/commands/#"));

        assertThat(policy.maySubscribe("devices/meter-0042/commands/#")).isTrue();
        assertThat(policy.maySubscribe("devices/meter-0042/commands")).isTrue();
        assertThat(policy.maySubscribe("devices/meter-0042/commands/+")).isTrue();
        assertThat(policy.maySubscribe("devices/meter-0042/commands/+/ack/#")).isTrue();
        assertThat(policy.maySubscribe("devices/meter-0042/#")).isFalse();
        assertThat(policy.maySubscribe("devices/+/commands/#")).isFalse();
    }

    @Test
    void subscriptionFilterWithWildcardIsRefusedWhenOneMatchingTopicIsDenied() {
        CompiledPolicy policy = compile(allow("subscribe", "devices/#"), deny("subscribe", "devices/+/secrets/#"));

        assertThat(policy.maySubscribe("devices/meter-0042/telemetry")).isTrue();
        assertThat(policy.maySubscribe("devices/meter-0042/telemetry/#")).isTrue();
        assertThat(policy.maySubscribe("devices/meter-0042/#")).isFalse();
        assertThat(policy.maySubscribe("devices/meter-0042/+")).isFalse();
        assertThat(policy.maySubscribe("devices/+/+/x")).isFalse();
        assertThat(policy.maySubscribe("devices/#")).isFalse();
    }

    @Test
    void aDenyOfTheParentLevelMakesAMultiLevelFilterRefused() {
        CompiledPolicy policy = compile(allow("subscribe", "a/#"), deny("subscribe", "a/b"));

        assertThat(policy.maySubscribe("a/b/#")).isFalse();
        assertThat(policy.maySubscribe("a/b/+")).isTrue();
        assertThat(policy.maySubscribe("a/c/#")).isTrue();
    }

    @Test
    void multiLevelFilterIsCoveredOnlyByAMultiLevelPatternAtOrAboveIt() {
        CompiledPolicy policy = compile(allow("subscribe", "a/+/#", "b/#"));

        // "a/#" also matches the topic "a", which "a/+/#" does not
        assertThat(policy.maySubscribe("a/#")).isFalse();
        assertThat(policy.maySubscribe("a/x/#")).isTrue();
        assertThat(policy.maySubscribe("a/+/#")).isTrue();
        assertThat(policy.maySubscribe("b/#")).isTrue();
        assertThat(policy.maySubscribe("b")).isTrue();
    }

    @Test
    void atTheRootEverythingIsTheSameAsEveryFirstLevelAndBelow() {
        CompiledPolicy policy = compile(allow("subscribe", "+/#"));

        assertThat(policy.maySubscribe("#")).isTrue();
        assertThat(policy.maySubscribe("$SYS/#")).isFalse();
    }

    @Test
    void singleLevelFilterNeedsASingleLevelPatternNotALiteral() {
        CompiledPolicy policy = compile(allow("subscribe", "a/x", "b/+"));

        assertThat(policy.maySubscribe("a/+")).isFalse();
        assertThat(policy.maySubscribe("b/+")).isTrue();
        assertThat(policy.maySubscribe("b/x")).isTrue();
        assertThat(policy.maySubscribe("b/#")).isFalse();
    }

    @Test
    void aFilterThatOnlySeveralAllowsCoverTogetherIsRefused() {
        CompiledPolicy policy = compile(allow("subscribe", "c", "c/+/#"));

        assertThat(policy.maySubscribe("c")).isTrue();
        assertThat(policy.maySubscribe("c/x/#")).isTrue();
        assertThat(policy.maySubscribe("c/+")).isTrue();
        // "c" covers the topic c, "c/+/#" every other topic of "c/#": together, not alone; conservative: refused
        assertThat(policy.maySubscribe("c/#")).isFalse();
    }

    @Test
    void sharedSubscriptionIsCheckedOnItsInnerFilter() {
        CompiledPolicy policy = compile(allow("subscribe", "jobs/#"), deny("subscribe", "jobs/secret"));

        assertThat(policy.maySubscribe("$share/workers/jobs/+/x")).isTrue();
        assertThat(policy.maySubscribe("$share/workers/jobs/secret")).isFalse();
        assertThat(policy.maySubscribe("$share/workers/jobs/#")).isFalse();
        assertThat(policy.maySubscribe("$share/workers/other")).isFalse();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "$share/",
                "$share/g",
                "$share/g/",
                "$share//jobs/x",
                "$share/+/jobs/x",
                "$share/g#/jobs/x",
                "$share/g\u0000/jobs/x",
                "$share/g/jobs/\u0000"
            })
    void malformedSharedSubscriptionsAreRefused(String filter) {
        CompiledPolicy policy = compile(allow("subscribe", "#", "$share/#"));

        assertThat(policy.maySubscribe(filter)).isFalse();
    }

    @Test
    void sharedSubscriptionsOnDollarTopicsNeedTheDollarLevelNamed() {
        CompiledPolicy policy = compile(allow("subscribe", "#"));

        assertThat(policy.maySubscribe("$share/g/$SYS/#")).isFalse();
        assertThat(policy.maySubscribe("$share/g/a/#")).isTrue();
    }

    @Test
    void queuePrefixIsAnOrdinaryDollarTopic() {
        CompiledPolicy policy = compile(allow("subscribe", "jobs/#", "$queue/jobs/#"));

        assertThat(policy.maySubscribe("$queue/jobs/x")).isTrue();
        assertThat(policy.maySubscribe("$queue/other")).isFalse();
    }

    @Test
    void dollarFiltersAreNotCoveredByALeadingWildcard() {
        CompiledPolicy policy = compile(allow("subscribe", "#", "+/x"));

        assertThat(policy.maySubscribe("#")).isTrue();
        assertThat(policy.maySubscribe("+/x")).isTrue();
        assertThat(policy.maySubscribe("$SYS/#")).isFalse();
        assertThat(policy.maySubscribe("$SYS/x")).isFalse();
    }

    @Test
    void aDenyOnDollarTopicsDoesNotMeetAFilterWithALeadingWildcard() {
        CompiledPolicy policy = compile(allow("subscribe", "#", "$SYS/#"), deny("subscribe", "$SYS/private/#"));

        assertThat(policy.maySubscribe("#")).isTrue();
        assertThat(policy.maySubscribe("+/private/#")).isTrue();
        assertThat(policy.maySubscribe("$SYS/#")).isFalse();
        assertThat(policy.maySubscribe("$SYS/public/#")).isTrue();
    }

    @Test
    void aDenyWithALeadingWildcardMeetsEveryFilterButDollarOnes() {
        CompiledPolicy policy = compile(allow("subscribe", "#", "$SYS/#"), deny("subscribe", "+/secret"));

        assertThat(policy.maySubscribe("#")).isFalse();
        assertThat(policy.maySubscribe("a/#")).isFalse();
        assertThat(policy.maySubscribe("+/+")).isFalse();
        assertThat(policy.maySubscribe("a/+/x")).isTrue();
        assertThat(policy.maySubscribe("$SYS/#")).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a/#/b", "a/b#", "#a", "a+", "a/+b", "a/b\u0000", "\u0000/#", "+/x\u0000y/+"})
    void invalidFiltersAreRefused(String filter) {
        CompiledPolicy policy = compile(allow("subscribe", "#"));

        assertThat(policy.maySubscribe(filter)).isFalse();
    }

    @Test
    void filtersLongerThanMqttAllowsAreRefused() {
        CompiledPolicy policy = compile(allow("subscribe", "#"));

        assertThat(policy.maySubscribe("a/".repeat(32_767) + "#")).isTrue();
        assertThat(policy.maySubscribe("a/".repeat(32_767) + "+/#")).isFalse();
    }

    @Test
    void emptyLevelsInFiltersAreMatchedLikeOthers() {
        CompiledPolicy policy = compile(allow("subscribe", "a//#", "/+"));

        assertThat(policy.maySubscribe("a//x")).isTrue();
        assertThat(policy.maySubscribe("a//#")).isTrue();
        assertThat(policy.maySubscribe("a/#")).isFalse();
        assertThat(policy.maySubscribe("/+")).isTrue();
        assertThat(policy.maySubscribe("/")).isTrue();
        assertThat(policy.maySubscribe("+/+")).isFalse();
    }
}
