package dev.palisade.policy;

import static dev.palisade.policy.Policies.allow;
import static dev.palisade.policy.Policies.compile;
import static dev.palisade.policy.Policies.deny;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Variables are replaced by the device's values as literal text, never as wildcards or separators. */
class VariableSubstitutionTest {

    private static final PolicySubject METER = Policies.METER;

    @Test
    void deviceIdNamesTheDevicesOwnTopicsOnly() {
        CompiledPolicy policy = compile(allow("publish", "devices/${device.id}/telemetry/#"));

        assertThat(policy.mayPublish("devices/meter-0042/telemetry/power")).isTrue();
        assertThat(policy.mayPublish("devices/meter-0043/telemetry/power")).isFalse();
        assertThat(policy.mayPublish("devices/${device.id}/telemetry/power")).isFalse();
    }

    @Test
    void aVariableMayBePartOfALevel() {
        CompiledPolicy policy = compile(allow("publish", "sensors/s-${device.id}-v2/x"));

        assertThat(policy.mayPublish("sensors/s-meter-0042-v2/x")).isTrue();
        assertThat(policy.mayPublish("sensors/s-meter-0043-v2/x")).isFalse();
    }

    @Test
    void tenantAndCertificateSerialAreSubstituted() {
        PolicySubject subject = METER.withCertificateSerial("0a1b2c");

        CompiledPolicy policy = compile(subject, allow("publish", "t/${device.tenant}/${cert.serial}"));

        assertThat(policy.mayPublish("t/acme/0a1b2c")).isTrue();
        assertThat(policy.mayPublish("t/acme/0a1b2d")).isFalse();
    }

    @Test
    void variableValueContainingPlusIsALiteralNotAWildcard() {
        PolicySubject subject = METER.withAttribute("room", "+");

        CompiledPolicy policy = compile(subject, allow("publish,subscribe,receive", "rooms/${device.attr.room}/#"));

        assertThat(policy.maySubscribe("rooms/+/#")).isFalse();
        assertThat(policy.maySubscribe("rooms/kitchen/#")).isFalse();
        assertThat(policy.mayPublish("rooms/kitchen/temperature")).isFalse();
        assertThat(policy.mayReceive("rooms/kitchen/temperature")).isFalse();
    }

    @Test
    void variableValueHashIsALiteralNotAWildcard() {
        PolicySubject subject = METER.withAttribute("room", "#");

        CompiledPolicy policy = compile(subject, allow("subscribe,publish", "rooms/${device.attr.room}"));

        assertThat(policy.maySubscribe("rooms/#")).isFalse();
        assertThat(policy.mayPublish("rooms/x")).isFalse();
        assertThat(policy.mayPublish("rooms/x/y")).isFalse();
    }

    @Test
    void variableValueContainingASlashMatchesNothingRatherThanTwoLevels() {
        PolicySubject subject = METER.withAttribute("site", "berlin/plant-1");

        CompiledPolicy policy = compile(subject, allow("publish", "sites/${device.attr.site}/x"));

        assertThat(policy.mayPublish("sites/berlin/plant-1/x")).isFalse();
        assertThat(policy.mayPublish("sites/berlin/x")).isFalse();
    }

    @Test
    void aMissingValueMakesAnAllowMatchNothing() {
        CompiledPolicy policy = compile(
                allow("publish", "rooms/${device.attr.room}/x"),
                allow("publish", "certs/${cert.serial}"),
                allow("publish", "groups/${device.group}/x"));

        assertThat(policy.mayPublish("rooms//x")).isFalse();
        assertThat(policy.mayPublish("rooms/kitchen/x")).isFalse();
        assertThat(policy.mayPublish("certs/")).isFalse();
        assertThat(policy.mayPublish("groups//x")).isFalse();
    }

    @Test
    void anEmptyValueCountsAsMissing() {
        PolicySubject subject = METER.withAttribute("room", "");

        CompiledPolicy policy = compile(subject, allow("publish", "rooms/${device.attr.room}/x"));

        assertThat(policy.mayPublish("rooms//x")).isFalse();
    }

    @Test
    void aMissingValueWidensADenyToTheWholeLevel() {
        CompiledPolicy policy = compile(
                allow("publish,subscribe", "rooms/#"), deny("publish,subscribe", "rooms/${device.attr.room}/x"));

        assertThat(policy.mayPublish("rooms/kitchen/x")).isFalse();
        assertThat(policy.mayPublish("rooms/kitchen/y")).isTrue();
        assertThat(policy.maySubscribe("rooms/kitchen/+")).isFalse();
    }

    @Test
    void aValueThatCannotBeALevelWidensADenyToTheWholeLevel() {
        PolicySubject subject = METER.withAttribute("room", "a/b");

        CompiledPolicy policy =
                compile(subject, allow("publish", "rooms/#"), deny("publish", "rooms/${device.attr.room}"));

        assertThat(policy.mayPublish("rooms/kitchen")).isFalse();
        assertThat(policy.mayPublish("rooms/kitchen/x")).isTrue();
    }

    @Test
    void aDenyNamingTheGroupOfADeviceInNoGroupDeniesEveryGroup() {
        CompiledPolicy policy = compile(allow("publish", "groups/#"), deny("publish", "groups/${device.group}/x"));

        assertThat(policy.mayPublish("groups/east/x")).isFalse();
        assertThat(policy.mayPublish("groups/east/y")).isTrue();
    }

    @Test
    void groupVariableYieldsOnePatternPerGroup() {
        PolicySubject subject = METER.withGroups("east", "meters", "pilot");

        CompiledPolicy policy = compile(subject, allow("receive", "groups/${device.group}/broadcast/#"));

        assertThat(policy.mayReceive("groups/east/broadcast/x")).isTrue();
        assertThat(policy.mayReceive("groups/meters/broadcast")).isTrue();
        assertThat(policy.mayReceive("groups/pilot/broadcast/y/z")).isTrue();
        assertThat(policy.mayReceive("groups/west/broadcast/x")).isFalse();
    }

    @Test
    void groupDenyAppliesToEachGroup() {
        PolicySubject subject = METER.withGroups("east", "pilot");

        CompiledPolicy policy =
                compile(subject, allow("receive", "groups/#"), deny("receive", "groups/${device.group}/private"));

        assertThat(policy.mayReceive("groups/east/private")).isFalse();
        assertThat(policy.mayReceive("groups/pilot/private")).isFalse();
        assertThat(policy.mayReceive("groups/west/private")).isTrue();
    }

    @Test
    void aGroupNameWithAWildcardIsALiteralThatMatchesNothing() {
        PolicySubject subject = METER.withGroups("+", "ok");

        CompiledPolicy policy = compile(subject, allow("subscribe,receive", "groups/${device.group}/#"));

        assertThat(policy.maySubscribe("groups/+/#")).isFalse();
        assertThat(policy.mayReceive("groups/other/x")).isFalse();
        assertThat(policy.maySubscribe("groups/ok/#")).isTrue();
    }

    @Test
    void attributesAreLookedUpByName() {
        PolicySubject subject = METER.withAttribute("room", "kitchen").withAttribute("floor", "2");

        CompiledPolicy policy = compile(subject, allow("publish", "b/${device.attr.floor}/${device.attr.room}"));

        assertThat(policy.mayPublish("b/2/kitchen")).isTrue();
        assertThat(policy.mayPublish("b/kitchen/2")).isFalse();
    }

    @Test
    void aValueStartingWithDollarIsMatchedLiterallyOnly() {
        PolicySubject subject = METER.withAttribute("root", "$SYS");

        CompiledPolicy policy = compile(subject, allow("receive", "${device.attr.root}/x"));

        assertThat(policy.mayReceive("$SYS/x")).isTrue();
        assertThat(policy.mayReceive("SYS/x")).isFalse();
    }
}
