package dev.palisade.policy;

import static dev.palisade.policy.Policies.allow;
import static dev.palisade.policy.Policies.deny;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.util.List;
import org.junit.jupiter.api.Test;

class PolicyLintTest {

    @Test
    void publishingOrSubscribingToEverythingIsAWarning() {
        List<LintFinding> findings = lint(allow("publish,subscribe", "#"));

        assertThat(findings)
                .extracting(LintFinding::code, LintFinding::pointer, LintFinding::severity)
                .containsExactly(
                        tuple("policy.lint.all-topics", "/statements/0/resources/0", LintFinding.Severity.WARNING));
        assertThat(findings.getFirst().message()).contains("publish, subscribe");
    }

    @Test
    void aWildcardAtTheTenantRootIsAWarning() {
        assertThat(lint(allow("receive", "a/b", "+/status")))
                .extracting(LintFinding::rule, LintFinding::pointer)
                .containsExactly(tuple(LintRule.WILDCARD_AT_ROOT, "/statements/0/resources/1"));
    }

    @Test
    void perDeviceTopicsWithoutTheDevicesOwnIdAreAWarning() {
        List<LintFinding> findings = lint(allow(
                "subscribe,receive",
                "devices/+/commands/#",
                "devices/#",
                "devices/meter-0042/commands/#",
                "devices/x-${device.id}/commands/#",
                "devices/${device.id}/commands/#",
                "devices"));

        assertThat(findings)
                .extracting(LintFinding::rule, LintFinding::pointer)
                .containsExactly(
                        tuple(LintRule.OTHER_DEVICES, "/statements/0/resources/0"),
                        tuple(LintRule.OTHER_DEVICES, "/statements/0/resources/1"),
                        tuple(LintRule.OTHER_DEVICES, "/statements/0/resources/2"),
                        tuple(LintRule.OTHER_DEVICES, "/statements/0/resources/3"));
    }

    @Test
    void denyStatementsAreNotLintedForBreadth() {
        assertThat(lint(allow("publish", "devices/${device.id}/x"), deny("subscribe,receive", "#", "devices/+/x")))
                .isEmpty();
    }

    @Test
    void connectingWithAnyClientIdIsAWarning() {
        assertThat(lint(allow("connect", "+")))
                .extracting(LintFinding::rule)
                .containsExactly(LintRule.CONNECT_ANY_CLIENT_ID);
    }

    @Test
    void aClientIdSharedByEveryDeviceOfTheDocumentIsAWarning() {
        assertThat(lint(allow("connect", "gateway", "${device.group}", "${device.id}", "meter-${cert.serial}")))
                .extracting(LintFinding::rule, LintFinding::pointer)
                .containsExactly(
                        tuple(LintRule.CONNECT_SHARED_CLIENT_ID, "/statements/0/resources/0"),
                        tuple(LintRule.CONNECT_SHARED_CLIENT_ID, "/statements/0/resources/1"));
    }

    @Test
    void retainWithAWildcardOutsideTheDevicesSubtreeIsAWarning() {
        List<LintFinding> findings = lint(allow(
                "publish,retain",
                "devices/${device.id}/state/#",
                "status/+",
                "groups/${device.group}/+",
                "fleet/state"));

        assertThat(findings)
                .extracting(LintFinding::rule, LintFinding::pointer)
                .containsExactly(
                        tuple(LintRule.BROAD_RETAIN, "/statements/0/resources/1"),
                        tuple(LintRule.BROAD_RETAIN, "/statements/0/resources/2"));
    }

    @Test
    void anAllowThatADenyAlwaysOverridesIsReported() {
        List<LintFinding> findings = lint(
                allow("publish,receive", "devices/${device.id}/secrets/keys", "devices/${device.id}/telemetry"),
                deny("publish", "devices/+/secrets/#"));

        assertThat(findings)
                .extracting(LintFinding::rule, LintFinding::pointer, LintFinding::severity)
                .containsExactly(
                        tuple(LintRule.ALLOW_NEVER_APPLIES, "/statements/0/resources/0", LintFinding.Severity.INFO));
        assertThat(findings.getFirst().message())
                .contains("publish")
                .doesNotContain("receive")
                .contains("/statements/1");
    }

    @Test
    void anOverrideIsClaimedOnlyWhenItHoldsForEveryDevice() {
        assertThat(lint(
                        allow("receive", "${device.attr.root}/x", "$SYS/x", "a/${device.attr.y}", "g/${device.id}"),
                        deny("receive", "+/x", "a/${device.attr.x}", "g/${device.id}")))
                .extracting(LintFinding::rule, LintFinding::pointer)
                // a value may start with '$' (which '+' does not match), two attributes may differ
                .containsExactly(tuple(LintRule.ALLOW_NEVER_APPLIES, "/statements/0/resources/3"));
    }

    private static List<LintFinding> lint(String... statements) {
        return PolicyLint.check(PolicyDocument.parse(Policies.document(statements)));
    }
}
