package dev.palisade.broker.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.broker.DeviceMetrics;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class DeviceTrafficTest {

    @Test
    void countsTrafficAndRefusalsByAction() {
        var traffic = new DeviceTraffic();

        traffic.connected("10.0.0.7", Instant.parse("2026-11-01T00:00:00Z"));
        traffic.published("devices/m/telemetry", 10);
        traffic.published("devices/m/telemetry", 5);
        traffic.delivered(7);
        traffic.refused(DeviceTraffic.Refused.SUBSCRIBE);
        traffic.refused(DeviceTraffic.Refused.SUBSCRIBE);
        traffic.refused(DeviceTraffic.Refused.RETAIN);
        traffic.disconnected();

        DeviceMetrics metrics = traffic.snapshot();
        assertThat(metrics.connects()).isEqualTo(1);
        assertThat(metrics.messagesIn()).isEqualTo(2);
        assertThat(metrics.bytesIn()).isEqualTo(15);
        assertThat(metrics.messagesOut()).isEqualTo(1);
        assertThat(metrics.bytesOut()).isEqualTo(7);
        assertThat(metrics.disconnects()).isEqualTo(1);
        assertThat(metrics.denied())
                .containsEntry("subscribe", 2L)
                .containsEntry("retain", 1L)
                .containsEntry("publish", 0L);
        assertThat(metrics.topics()).containsExactly("devices/m/telemetry");
        assertThat(metrics.addresses()).containsExactly("10.0.0.7");
    }

    @Test
    void countsPublishesRefusedForTheirRateApartFromPolicyRefusals() {
        var fleet = new DeviceTraffic();
        var traffic = new DeviceTraffic(fleet);

        traffic.rateEpisodeStarted();
        traffic.rateLimited();
        traffic.rateLimited();
        traffic.rateDisconnected();

        for (DeviceMetrics metrics : java.util.List.of(traffic.snapshot(), fleet.snapshot())) {
            assertThat(metrics.rateLimited()).isEqualTo(2);
            assertThat(metrics.rateLimitEpisodes()).isEqualTo(1);
            assertThat(metrics.rateLimitDisconnects()).isEqualTo(1);
            assertThat(metrics.denied()).containsEntry("publish", 0L);
        }
    }

    @Test
    void topicsAndAddressesStopGrowingAtTheirBound() {
        var traffic = new DeviceTraffic();

        for (int i = 0; i < DeviceMetrics.TOPICS_KEPT + 50; i++) {
            traffic.published("random/" + i, 1);
        }
        for (int i = 0; i < DeviceMetrics.ADDRESSES_KEPT + 5; i++) {
            traffic.connectFailed("10.0.0." + i);
        }

        DeviceMetrics metrics = traffic.snapshot();
        assertThat(metrics.topics()).hasSize(DeviceMetrics.TOPICS_KEPT);
        assertThat(metrics.topicsOverflowed()).isTrue();
        assertThat(metrics.messagesIn()).isEqualTo(DeviceMetrics.TOPICS_KEPT + 50);
        assertThat(metrics.addresses()).hasSize(DeviceMetrics.ADDRESSES_KEPT);
        assertThat(metrics.connectFailures()).isEqualTo(DeviceMetrics.ADDRESSES_KEPT + 5);
    }
}
