package dev.palisade.broker.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.shared.TenantId;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class TopicMountTest {

    private static final UUID TENANT = UUID.fromString("01a200dc-d770-7e04-b8c3-15edcae01434");
    private final TopicMount mount = TopicMount.of(new TenantId(TENANT));

    @Test
    void topicsAndFiltersAreMountedUnderTheTenant() {
        assertThat(mount.mount("devices/meter-0042/telemetry")).isEqualTo(TENANT + "/devices/meter-0042/telemetry");
        assertThat(mount.mountFilter("#")).isEqualTo(TENANT + "/#");
        assertThat(mount.mountFilter("+/status")).isEqualTo(TENANT + "/+/status");
        assertThat(mount.mount("$SYS/broker"))
                .as("a $ topic of the device stays inside the tenant's tree")
                .isEqualTo(TENANT + "/$SYS/broker");
    }

    @Test
    void sharedSubscriptionsKeepTheirShareNameInFront() {
        assertThat(mount.mountFilter("$share/workers/jobs/#")).isEqualTo("$share/workers/" + TENANT + "/jobs/#");
        assertThat(mount.unmountFilter("$share/workers/" + TENANT + "/jobs/#")).contains("$share/workers/jobs/#");
        assertThat(mount.mountFilter("$share/workers"))
                .as("malformed: left for the authorizer to refuse")
                .isEqualTo("$share/workers");
    }

    @Test
    void unmountingRestoresTheDevicesViewAndRefusesOtherTenantsTopics() {
        assertThat(mount.unmount(mount.mount("devices/meter-0042/commands/reboot")))
                .contains("devices/meter-0042/commands/reboot");
        assertThat(mount.unmount(UUID.randomUUID() + "/devices/meter-0042/commands/reboot"))
                .isEmpty();
        assertThat(mount.unmount("devices/meter-0042/commands/reboot")).isEmpty();
        assertThat(mount.unmountFilter(UUID.randomUUID() + "/#")).isEmpty();
    }
}
