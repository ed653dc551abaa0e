package dev.palisade.policy;

import static dev.palisade.policy.Policies.allow;
import static dev.palisade.policy.Policies.compile;
import static dev.palisade.policy.Policies.deny;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ConnectDecisionTest {

    @Test
    void deviceMayConnectWithItsOwnIdOnly() {
        CompiledPolicy policy = compile(allow("connect", "${device.id}"));

        assertThat(policy.mayConnect("meter-0042")).isTrue();
        assertThat(policy.mayConnect("meter-0043")).isFalse();
        assertThat(policy.mayConnect("meter-00420")).isFalse();
        assertThat(policy.mayConnect("${device.id}")).isFalse();
    }

    @Test
    void plusAllowsAnyClientIdButAnEmptyOne() {
        CompiledPolicy policy = compile(allow("connect", "+"));

        assertThat(policy.mayConnect("anything/with/slashes")).isTrue();
        assertThat(policy.mayConnect("+")).isTrue();
        assertThat(policy.mayConnect("")).isFalse();
        assertThat(policy.mayConnect("a\u0000")).isFalse();
    }

    @Test
    void denyWinsOverAllowForClientIds() {
        CompiledPolicy policy = compile(allow("connect", "+"), deny("connect", "admin", "${device.id}-debug"));

        assertThat(policy.mayConnect("meter-0042")).isTrue();
        assertThat(policy.mayConnect("admin")).isFalse();
        assertThat(policy.mayConnect("meter-0042-debug")).isFalse();
    }

    @Test
    void aClientIdPatternWithAMissingValueAllowsNothingAndDeniesEverything() {
        CompiledPolicy allowOnly = compile(allow("connect", "${device.attr.alias}"));
        CompiledPolicy withDeny = compile(allow("connect", "${device.id}"), deny("connect", "${device.attr.alias}"));

        assertThat(allowOnly.mayConnect("meter-0042")).isFalse();
        assertThat(withDeny.mayConnect("meter-0042")).isFalse();
    }

    @Test
    void aClientIdValueIsComparedExactlyWhateverItContains() {
        PolicySubject subject = Policies.METER.withAttribute("alias", "+");

        CompiledPolicy policy = compile(subject, allow("connect", "${device.attr.alias}"));

        assertThat(policy.mayConnect("+")).isTrue();
        assertThat(policy.mayConnect("meter-0042")).isFalse();
    }

    @Test
    void connectIsDecidedOnlyByConnectStatements() {
        CompiledPolicy policy = compile(allow("publish,subscribe,receive,retain", "#"));

        assertThat(policy.mayConnect("meter-0042")).isFalse();
        assertThat(policy.permits(Action.CONNECT, "meter-0042")).isFalse();
    }
}
