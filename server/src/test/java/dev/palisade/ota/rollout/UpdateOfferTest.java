package dev.palisade.ota.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.protocol.ota.TargetName;
import dev.palisade.protocol.ota.UpdateDirective;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The offer a rollout publishes is a directive the device's strict parser reads. */
class UpdateOfferTest {

    @Test
    void theDeviceReadsTheOfferARolloutPublishes() {
        String release = UUID.randomUUID().toString();
        String rollout = UUID.randomUUID().toString();
        var offer = new UpdateOffer(release, "os/meter-v2/r1/2.0.0", rollout, "0f".repeat(32), 1_048_576);

        UpdateDirective read = UpdateDirective.parse(offer.toBytes());

        assertThat(read)
                .isEqualTo(
                        new UpdateDirective(release, TargetName.parse("os/meter-v2/r1/2.0.0"), Optional.of(rollout)));
    }
}
