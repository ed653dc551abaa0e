package dev.palisade.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.support.EstClients;
import dev.palisade.support.EstClients.Credential;
import dev.palisade.support.TenantPki;
import dev.palisade.support.WithServer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The agent's certificate lifecycle against the real server: enrolment with the bootstrap certificate, renewal once
 * the schedule says so (a new key over EST, authenticated by the current certificate), and the MQTT session moved onto
 * the new certificate, with the old one left to run out rather than revoked.
 */
class AgentRenewalIT extends WithServer {

    @Test
    void aDeviceRenewsWhenItsTimeComesAndKeepsPublishing() throws Exception {
        var tenant = newTenant();
        var pki = new TenantPki(api, tenant);
        pki.register("meter-0001");
        Credential issued = pki.issue("meter-0001", "bootstrap");
        var endpoints = new Endpoints("localhost", devicePort(), mqttPort(), EstClients.root(DATA_DIR));
        var clock = new SettableClock(Clock.systemUTC().instant());
        var device = new ManagedDevice(
                "meter-0001",
                endpoints,
                new EstEnrolment(endpoints, tenant.slug(), new SoftwareKeys(KeyOrigin.SOFTWARE)),
                new RenewalSchedule(new SplittableRandom()),
                clock,
                (agent, state, why) -> {});

        try (device) {
            device.start(new DeviceCredential(issued.key(), issued.chain(), KeyOrigin.SOFTWARE));
            DeviceCredential first = Objects.requireNonNull(device.credential());
            Outcome before = publish(device);
            boolean renewedEarly = device.renewIfDue();
            Instant renewAt = Objects.requireNonNull(device.renewalTime());
            clock.set(renewAt.plus(Duration.ofMinutes(1)));
            boolean renewedOnTime = device.renewIfDue();
            DeviceCredential second = Objects.requireNonNull(device.credential());
            Outcome after = publish(device);

            Duration lifetime =
                    Duration.between(first.certificate().getNotBefore().toInstant(), first.notAfter());
            Duration untilRenewal =
                    Duration.between(first.certificate().getNotBefore().toInstant(), renewAt);
            assertThat(before).isEqualTo(Outcome.ACCEPTED);
            assertThat(renewedEarly).as("not due right after enrolment").isFalse();
            assertThat(untilRenewal)
                    .isBetween(
                            lifetime.multipliedBy(6).dividedBy(10),
                            lifetime.multipliedBy(8).dividedBy(10));
            assertThat(renewedOnTime).isTrue();
            assertThat(second.certificate().getSerialNumber())
                    .isNotEqualTo(first.certificate().getSerialNumber());
            assertThat(second.certificate().getPublicKey())
                    .isNotEqualTo(first.certificate().getPublicKey());
            assertThat(after).as("the session runs on the renewed certificate").isEqualTo(Outcome.ACCEPTED);
            assertThat(Objects.requireNonNull(device.agent()).state()).isEqualTo(AgentState.CONNECTED);
            String oldSerial = first.certificate().getSerialNumber().toString(16);
            JsonNode listed = StreamSupport.stream(
                            api.get("/api/v1/devices/meter-0001/certificates?limit=500", pki.token())
                                    .body()
                                    .path("items")
                                    .spliterator(),
                            false)
                    .filter(item -> item.path("serial").asString().equals(oldSerial))
                    .findFirst()
                    .orElseThrow();
            assertThat(listed.path("revokedAt").isNull()
                            || listed.path("revokedAt").isMissingNode())
                    .as("the old certificate runs out; nothing revokes it: " + listed)
                    .isTrue();
        }
    }

    /** A clock the test moves forward, to reach the renewal time without waiting for it. */
    private static final class SettableClock extends Clock {

        private volatile Instant now;

        SettableClock(Instant now) {
            this.now = now;
        }

        void set(Instant instant) {
            now = instant;
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException("the agent reads instants only");
        }
    }

    private static Outcome publish(ManagedDevice device) throws Exception {
        return Objects.requireNonNull(device.agent())
                .publishTelemetry("power", "{\"power\":1}".getBytes(StandardCharsets.UTF_8))
                .get(10, TimeUnit.SECONDS);
    }
}
