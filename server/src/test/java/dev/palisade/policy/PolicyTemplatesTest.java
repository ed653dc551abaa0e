package dev.palisade.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class PolicyTemplatesTest {

    private static final PolicySubject METER = Policies.METER;

    @Test
    void anActiveDeviceUsesItsOwnTopicsOnly() {
        CompiledPolicy policy = PolicyCompiler.compile(List.of(PolicyTemplates.device()), METER);

        assertThat(policy.mayConnect("meter-0042")).isTrue();
        assertThat(policy.mayPublish("devices/meter-0042/telemetry/power")).isTrue();
        assertThat(policy.maySubscribe("devices/meter-0042/commands/#")).isTrue();
        assertThat(policy.mayReceive("devices/meter-0042/commands/reboot")).isTrue();
        assertThat(policy.mayPublish("devices/meter-0042/twin/reported")).isTrue();
        assertThat(policy.mayPublish("devices/meter-0042/twin/get")).isTrue();
        assertThat(policy.maySubscribe("devices/meter-0042/twin/desired/#")).isTrue();
        assertThat(policy.maySubscribe("devices/meter-0042/twin/get/response")).isTrue();
        assertThat(policy.maySubscribe("devices/meter-0042/ota/update")).isTrue();
        assertThat(policy.mayReceive("devices/meter-0042/ota/update")).isTrue();
        assertThat(policy.mayPublish("devices/meter-0042/ota/status")).isTrue();

        assertThat(policy.mayConnect("meter-0043")).isFalse();
        assertThat(policy.mayPublish("devices/meter-0043/telemetry/power")).isFalse();
        assertThat(policy.maySubscribe("devices/+/commands/#")).isFalse();
        assertThat(policy.mayPublish("devices/meter-0042/commands/reboot")).isFalse();
        assertThat(policy.mayReceive("devices/meter-0042/telemetry/power")).isFalse();
        assertThat(policy.mayRetain("devices/meter-0042/telemetry/power")).isFalse();
        assertThat(policy.maySubscribe("devices/meter-0042/#")).isFalse();
        assertThat(policy.maySubscribe("devices/meter-0042/ota/#")).isFalse();
        assertThat(policy.mayPublish("devices/meter-0042/ota/update")).isFalse();
        assertThat(policy.mayPublish("devices/meter-0043/ota/status")).isFalse();
        assertThat(policy.maySubscribe("devices/meter-0043/ota/update")).isFalse();
    }

    @Test
    void theSeparateTemplatesAddUpToTheDeviceTemplate() {
        List<PolicyDocument> parts = List.of(
                PolicyTemplates.connect(),
                PolicyTemplates.telemetry(),
                PolicyTemplates.commands(),
                PolicyTemplates.twin(),
                PolicyTemplates.ota());

        CompiledPolicy policy = PolicyCompiler.compile(parts, METER);

        assertThat(policy.mayConnect("meter-0042")).isTrue();
        assertThat(policy.mayPublish("devices/meter-0042/telemetry/x")).isTrue();
        assertThat(policy.mayReceive("devices/meter-0042/commands/x")).isTrue();
        assertThat(policy.mayReceive("devices/meter-0042/twin/get/response")).isTrue();
    }

    @Test
    void aQuarantinedDeviceMayOnlyRemediate() {
        CompiledPolicy policy = PolicyCompiler.compile(List.of(PolicyTemplates.quarantine()), METER);

        assertThat(policy.mayConnect("meter-0042")).isTrue();
        assertThat(policy.maySubscribe("devices/meter-0042/remediation/#")).isTrue();
        assertThat(policy.mayReceive("devices/meter-0042/remediation/firmware")).isTrue();
        assertThat(policy.mayPublish("devices/meter-0042/remediation/status")).isTrue();

        assertThat(policy.mayPublish("devices/meter-0042/telemetry/power")).isFalse();
        assertThat(policy.mayReceive("devices/meter-0042/commands/reboot")).isFalse();
        assertThat(policy.mayPublish("devices/meter-0042/remediation/other")).isFalse();
        assertThat(policy.mayPublish("devices/meter-0042/twin/reported")).isFalse();
    }

    @Test
    void aBootstrapSessionMayOnlyAskForItsCertificateAndHearTheAnswer() {
        CompiledPolicy policy = PolicyCompiler.compile(List.of(PolicyTemplates.bootstrap()), METER);

        assertThat(policy.mayPublish("provisioning/meter-0042/enrol")).isTrue();
        assertThat(policy.maySubscribe("provisioning/meter-0042/enrol/+")).isTrue();
        assertThat(policy.mayReceive("provisioning/meter-0042/enrol/accepted")).isTrue();
        assertThat(policy.mayReceive("provisioning/meter-0042/enrol/rejected")).isTrue();

        assertThat(policy.mayRetain("provisioning/meter-0042/enrol")).isFalse();
        assertThat(policy.mayPublish("provisioning/meter-0042/enrol/accepted")).isFalse();
        assertThat(policy.mayPublish("provisioning/meter-0043/enrol")).isFalse();
        assertThat(policy.maySubscribe("provisioning/meter-0043/enrol/+")).isFalse();
        assertThat(policy.maySubscribe("provisioning/#")).isFalse();
        assertThat(policy.maySubscribe("#")).isFalse();
        assertThat(policy.mayPublish("devices/meter-0042/telemetry/power")).isFalse();
        assertThat(policy.maySubscribe("devices/meter-0042/commands/#")).isFalse();
    }

    @Test
    void templatesAreValidDocumentsWithoutLintWarnings() {
        for (PolicyDocument template : List.of(
                PolicyTemplates.connect(),
                PolicyTemplates.telemetry(),
                PolicyTemplates.commands(),
                PolicyTemplates.twin(),
                PolicyTemplates.ota(),
                PolicyTemplates.device(),
                PolicyTemplates.quarantine(),
                PolicyTemplates.bootstrap())) {

            assertThat(PolicyDocument.parse(template.toJson())).isEqualTo(template);
            assertThat(PolicyLint.check(template)).isEmpty();
        }
    }
}
