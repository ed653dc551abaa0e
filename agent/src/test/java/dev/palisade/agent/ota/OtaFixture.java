package dev.palisade.agent.ota;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.protocol.ota.TargetName;
import dev.palisade.protocol.ota.UpdateDirective;
import dev.palisade.protocol.ota.UpdateState;
import dev.palisade.protocol.ota.UpdateStatus;
import dev.palisade.protocol.tuf.UpdaterLimits;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * The device's side of secure OTA end to end: a repository built with the protocol's {@code MetadataBuilder}, served
 * over HTTPS with a required client certificate, and the agent's {@link Updater} with {@link HttpsRepository}.
 */
abstract class OtaFixture {

    static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    static final String OS_2_0 = "os/meter-v2/r1/2.0.0";

    @TempDir
    Path state;

    final TestPki pki = new TestPki();
    final MutableClock clock = new MutableClock(NOW);
    final List<UpdateStatus> statuses = new CopyOnWriteArrayList<>();
    final AtomicInteger healthChecks = new AtomicInteger();
    OtaTestServer server;
    OtaTestRepository repo;
    HttpsRepository.Settings download = new HttpsRepository.Settings(Duration.ofSeconds(10), 3, Duration.ZERO);
    TrialBoot trialBoot = TrialBoot.IN_PLACE;
    HealthCheck health = (slot, target) -> {
        healthChecks.incrementAndGet();
        return true;
    };

    @BeforeEach
    void serve() throws Exception {
        server = new OtaTestServer(pki);
        repo = new OtaTestRepository(server);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    // ---- helpers -------------------------------------------------------------------------------------------------

    Updater updater() throws Exception {
        var settings = new OtaSettings(
                "meter-v2", "r1", state, Duration.ofMinutes(10), 256 * 1024, UpdaterLimits.DEFAULTS, trialBoot);
        var repository = new HttpsRepository(server.endpoint(), pki.root, pki::deviceCredential, download);
        return new Updater(
                settings,
                repo.trustedRoot(),
                repository,
                (slot, target) -> health.healthy(slot, target),
                statuses::add,
                clock);
    }

    static UpdateDirective directive(String target, String releaseId) {
        return new UpdateDirective(releaseId, TargetName.parse(target), Optional.of("rollout-1"));
    }

    List<UpdateState> states() {
        return statuses.stream().map(UpdateStatus::state).toList();
    }

    void assertRefused(UpdateOutcome outcome, String code) {
        assertThat(outcome)
                .isInstanceOfSatisfying(
                        UpdateOutcome.Refused.class,
                        r -> assertThat(r.code()).as(r.detail()).isEqualTo(code));
        assertThat(statuses.getLast().state()).isEqualTo(UpdateState.REFUSED);
        assertThat(statuses.getLast().reason())
                .hasValueSatisfying(r -> assertThat(r).startsWith(code));
    }

    void assertNothingInstalled() throws Exception {
        Slots slots = new Slots(state);
        assertThat(slots.active()).isEqualTo(Slot.A);
        assertThat(slots.image(Slot.B)).doesNotExist();
        assertThat(state.resolve("active")).doesNotExist();
        assertThat(state.resolve("ota").resolve("journal")).doesNotExist();
    }

    static byte[] image(int length, int seed) {
        byte[] bytes = new byte[length];
        for (int k = 0; k < length; k++) {
            bytes[k] = (byte) (k * 31 + seed * 7 + k / 251);
        }
        return bytes;
    }

    /** The device loses power: nothing after this line of the updater runs. */
    static final class PowerLoss extends Error {
        private static final long serialVersionUID = 1L;
    }

    static final class MutableClock extends Clock {
        private volatile Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
