package dev.palisade.broker.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.accesspolicy.AccessPolicy;
import dev.palisade.accesspolicy.TenantPolicies;
import dev.palisade.identity.Device;
import dev.palisade.identity.DeviceId;
import dev.palisade.identity.DeviceState;
import dev.palisade.pki.AuthenticatedDevice;
import dev.palisade.pki.CaId;
import dev.palisade.pki.x509.IdentityKind;
import dev.palisade.policy.PolicyDocument;
import dev.palisade.policy.PublishLimit;
import dev.palisade.shared.TenantId;
import java.math.BigInteger;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SessionPoliciesTest {

    private static final TenantId TENANT = new TenantId(UUID.randomUUID());
    private static final AuthenticatedDevice IDENTITY = new AuthenticatedDevice(
            TENANT, DeviceId.of("meter-1"), IdentityKind.DEVICE, new CaId(UUID.randomUUID()), BigInteger.TEN);

    private static final PolicyDocument GROUP_BROADCAST = PolicyDocument.parse("""
            {"statements": [
              {"effect": "Allow", "actions": ["connect"], "resources": ["${device.id}"]},
              {"effect": "Allow", "actions": ["subscribe", "receive"],
               "resources": ["groups/${device.group}/broadcast/#", "sites/${device.attr.site}/#"]}]}""");

    @Test
    void activeDeviceWithoutAttachedPoliciesGetsTheDeviceTemplate() {
        var policy = compiled(device(DeviceState.ACTIVE, Set.of()), TenantPolicies.NONE);

        assertThat(policy.sources()).containsExactly("built-in:device");
        assertThat(policy.quarantined()).isFalse();
        assertThat(policy.compiled().mayPublish("devices/meter-1/telemetry/power"))
                .isTrue();
        assertThat(policy.compiled().maySubscribe("devices/meter-1/commands/#")).isTrue();
    }

    @Test
    void bootstrapSessionGetsTheBootstrapTemplateWhateverTheTenantAttaches() {
        var policy = SessionPolicies.bootstrap(TENANT, DeviceId.of("meter-1"));

        assertThat(policy.sources()).containsExactly("built-in:bootstrap");
        assertThat(policy.compiled().mayPublish("provisioning/meter-1/enrol")).isTrue();
        assertThat(policy.compiled().maySubscribe("provisioning/meter-1/enrol/+"))
                .isTrue();
        assertThat(policy.compiled().mayPublish("devices/meter-1/telemetry/power"))
                .isFalse();
    }

    @Test
    void aDeviceAboutToBeActiveIsToldWhatItsSessionsWillCompileFrom() {
        var tenantPolicies = new TenantPolicies(
                Map.of("broadcast", stored("broadcast", 3, GROUP_BROADCAST)),
                Map.of(),
                Map.of("meter-1", Set.of("broadcast")));

        assertThat(SessionPolicies.whenActive("meter-1", Set.of(), tenantPolicies)
                        .sources())
                .containsExactly("broadcast@3");
        assertThat(SessionPolicies.whenActive("meter-2", Set.of(), tenantPolicies)
                        .sources())
                .containsExactly("built-in:device");
    }

    @Test
    void theSessionGetsTheMostGenerousPublishLimitOfItsPolicies() {
        var tenantPolicies = new TenantPolicies(
                Map.of(
                        "broadcast",
                                stored("broadcast", 3, GROUP_BROADCAST.withPublishLimit(new PublishLimit(5, 10, null))),
                        "gateway",
                                stored("gateway", 1, GROUP_BROADCAST.withPublishLimit(new PublishLimit(50, 5, 4096L)))),
                Map.of("meters", Set.of("broadcast")),
                Map.of("meter-1", Set.of("gateway")));

        var policy = compiled(device(DeviceState.ACTIVE, Set.of("meters")), tenantPolicies);
        var template = compiled(device(DeviceState.ACTIVE, Set.of()), TenantPolicies.NONE);

        assertThat(policy.publishLimit()).isEqualTo(new PublishLimit(50, 10, 4096L));
        assertThat(template.publishLimit()).as("the server's default applies").isNull();
    }

    @Test
    void policiesAttachedToTheDeviceAndItsGroupsReplaceTheTemplate() {
        var tenantPolicies = new TenantPolicies(
                Map.of("broadcast", stored("broadcast", 3, GROUP_BROADCAST)),
                Map.of("meters", Set.of("broadcast")),
                Map.of());

        var policy = compiled(device(DeviceState.ACTIVE, Set.of("meters")), tenantPolicies);

        assertThat(policy.sources()).containsExactly("broadcast@3");
        assertThat(policy.compiled().maySubscribe("groups/meters/broadcast/#")).isTrue();
        assertThat(policy.compiled().maySubscribe("groups/sensors/broadcast/#")).isFalse();
        assertThat(policy.compiled().maySubscribe("sites/north/#"))
                .as("the site attribute")
                .isTrue();
        assertThat(policy.compiled().mayPublish("devices/meter-1/telemetry/power"))
                .as("the template no longer applies")
                .isFalse();
    }

    @Test
    void policiesOfOtherGroupsDoNotApply() {
        var tenantPolicies = new TenantPolicies(
                Map.of("broadcast", stored("broadcast", 1, GROUP_BROADCAST)),
                Map.of("sensors", Set.of("broadcast")),
                Map.of("meter-2", Set.of("broadcast")));

        var policy = compiled(device(DeviceState.ACTIVE, Set.of("meters")), tenantPolicies);

        assertThat(policy.sources()).containsExactly("built-in:device");
    }

    @Test
    void quarantinedDeviceGetsOnlyRemediationWhateverIsAttached() {
        var tenantPolicies = new TenantPolicies(
                Map.of("broadcast", stored("broadcast", 1, GROUP_BROADCAST)),
                Map.of("meters", Set.of("broadcast")),
                Map.of());

        var policy = compiled(device(DeviceState.QUARANTINED, Set.of("meters")), tenantPolicies);

        assertThat(policy.quarantined()).isTrue();
        assertThat(policy.sources()).containsExactly("built-in:quarantine");
        assertThat(policy.compiled().mayConnect("meter-1")).isTrue();
        assertThat(policy.compiled().maySubscribe("devices/meter-1/remediation/#"))
                .isTrue();
        assertThat(policy.compiled().mayPublish("devices/meter-1/remediation/status"))
                .isTrue();
        assertThat(policy.compiled().maySubscribe("groups/meters/broadcast/#")).isFalse();
        assertThat(policy.compiled().mayPublish("devices/meter-1/telemetry/power"))
                .isFalse();
    }

    @ParameterizedTest
    @EnumSource(
            value = DeviceState.class,
            names = {"MANUFACTURED", "PROVISIONED", "DECOMMISSIONED"})
    void devicesThatAreNotActiveMayNotConnect(DeviceState state) {
        var outcome = SessionPolicies.compile(IDENTITY, device(state, Set.of()), TenantPolicies.NONE);

        assertThat(outcome)
                .isInstanceOfSatisfying(
                        SessionPolicies.Outcome.Refused.class,
                        refused -> assertThat(refused.reason()).contains(state.wireName()));
    }

    private static SessionPolicy compiled(Device device, TenantPolicies policies) {
        var outcome = SessionPolicies.compile(IDENTITY, device, policies);
        assertThat(outcome).isInstanceOf(SessionPolicies.Outcome.Compiled.class);
        return ((SessionPolicies.Outcome.Compiled) outcome).policy();
    }

    private static Device device(DeviceState state, Set<String> groups) {
        var attributes = new TreeMap<String, String>(Map.of("site", "north"));
        Instant now = Instant.parse("2026-11-01T00:00:00Z");
        return new Device(TENANT, DeviceId.of("meter-1"), state, new TreeSet<>(groups), attributes, now, now);
    }

    private static AccessPolicy stored(String name, int version, PolicyDocument document) {
        return new AccessPolicy(name, version, document, Instant.parse("2026-11-01T00:00:00Z"), "operator:test");
    }
}
