package dev.palisade.broker.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.identity.Device;
import dev.palisade.identity.DeviceId;
import dev.palisade.identity.DeviceState;
import dev.palisade.shared.TenantId;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class FleetMemoryTest {

    private static final TenantId TENANT = new TenantId(UUID.randomUUID());
    private static final Instant EARLIER = Instant.parse("2026-11-01T00:00:00Z");
    private static final Instant LATER = EARLIER.plusSeconds(1);

    @Test
    void anOlderStateArrivingLateDoesNotOverwriteANewerOne() {
        var memory = new FleetMemory();

        memory.remember(device(DeviceState.QUARANTINED, LATER));
        memory.remember(device(DeviceState.ACTIVE, EARLIER)); // the load at start read the row before the change

        assertThat(memory.device(TENANT, DeviceId.of("meter-1")))
                .hasValueSatisfying(device -> assertThat(device.state()).isEqualTo(DeviceState.QUARANTINED));
    }

    @Test
    void aNewerStateReplacesAnOlderOne() {
        var memory = new FleetMemory();

        memory.remember(device(DeviceState.ACTIVE, EARLIER));
        memory.remember(device(DeviceState.QUARANTINED, LATER));

        assertThat(memory.device(TENANT, DeviceId.of("meter-1")))
                .hasValueSatisfying(device -> assertThat(device.state()).isEqualTo(DeviceState.QUARANTINED));
        assertThat(memory.device(new TenantId(UUID.randomUUID()), DeviceId.of("meter-1")))
                .as("the same id in another tenant")
                .isEmpty();
    }

    private static Device device(DeviceState state, Instant at) {
        return new Device(TENANT, DeviceId.of("meter-1"), state, EARLIER, at);
    }
}
