package dev.palisade.agent.ota;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.palisade.protocol.ota.TargetName;
import dev.palisade.protocol.ota.Tier;
import dev.palisade.protocol.ota.UpdateDirective;
import dev.palisade.protocol.ota.UpdateState;
import dev.palisade.protocol.ota.UpdateStatus;
import dev.palisade.protocol.tuf.RepositoryLayout;
import dev.palisade.protocol.tuf.TargetFile;
import dev.palisade.protocol.tuf.UpdaterLimits;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The device's side of secure OTA end to end: a repository built with the protocol's {@code MetadataBuilder}, served
 * over HTTPS with a required client certificate, and the agent's {@link Updater} with {@link HttpsRepository}.
 */
class OtaUpdaterTest {

    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private static final String OS_2_0 = "os/meter-v2/r1/2.0.0";

    @TempDir
    Path state;

    private final TestPki pki = new TestPki();
    private final MutableClock clock = new MutableClock(NOW);
    private final List<UpdateStatus> statuses = new CopyOnWriteArrayList<>();
    private final AtomicInteger healthChecks = new AtomicInteger();
    private OtaTestServer server;
    private OtaTestRepository repo;
    private HttpsRepository.Settings download = new HttpsRepository.Settings(Duration.ofSeconds(10), 3, Duration.ZERO);
    private HealthCheck health = (slot, target) -> {
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

    // ---- the happy path ------------------------------------------------------------------------------------------

    @Test
    void installsIntoTheInactiveSlotAndMarkingGoodRaisesTheFloor() throws Exception {
        byte[] image = image(100_000, 1);
        repo.release(OS_2_0, "rel-1", 5, image);
        repo.publish();
        Updater updater = updater();

        UpdateOutcome outcome = updater.apply(directive(OS_2_0, "rel-1"));

        assertThat(outcome).isEqualTo(new UpdateOutcome.Good(TargetName.parse(OS_2_0), Slot.B, 5));
        assertThat(updater.slots().active()).isEqualTo(Slot.B);
        assertThat(Files.readAllBytes(updater.slots().image(Slot.B))).isEqualTo(image);
        assertThat(updater.slots().target(Slot.B)).contains(OS_2_0);
        assertThat(updater.floor()).isEqualTo(5);
        assertThat(states())
                .containsExactly(
                        UpdateState.DOWNLOADING,
                        UpdateState.DOWNLOADED,
                        UpdateState.INSTALLING,
                        UpdateState.TRIAL,
                        UpdateState.GOOD);
        assertThat(statuses).allSatisfy(s -> assertThat(s.rolloutId()).contains("rollout-1"));
        assertThat(server.requests).allSatisfy(r -> assertThat(r).endsWith("CN=meter-0042"));
        assertThat(Files.readString(state.resolve("active"), UTF_8).strip()).isEqualTo("b");
    }

    @Test
    void theNextUpdateGoesToTheOtherSlot() throws Exception {
        repo.release(OS_2_0, "rel-1", 5, image(1000, 1));
        repo.release("os/meter-v2/r1/2.1.0", "rel-2", 5, image(1000, 2));
        repo.publish();
        Updater updater = updater();
        updater.apply(directive(OS_2_0, "rel-1"));

        UpdateOutcome outcome = updater.apply(directive("os/meter-v2/r1/2.1.0", "rel-2"));

        assertThat(outcome).isInstanceOf(UpdateOutcome.Good.class);
        assertThat(updater.slots().active()).isEqualTo(Slot.A);
        assertThat(Files.readAllBytes(updater.slots().image(Slot.A))).isEqualTo(image(1000, 2));
    }

    // ---- TUF attacks, as the agent sees them -------------------------------------------------------------------

    @Test
    void arbitrarySoftwareWhoseHashDiffersFromTheSignedOneIsRefused() throws Exception {
        TargetFile target = repo.release(OS_2_0, "rel-1", 5, image(50_000, 1));
        repo.publish();
        server.blobs.put(target.hashes().get("sha256"), image(50_000, 66));

        UpdateOutcome outcome = updater().apply(directive(OS_2_0, "rel-1"));

        assertRefused(outcome, "tuf.hash-mismatch");
        assertNothingInstalled();
    }

    @Test
    void arbitrarySoftwareOfAnotherLengthIsRefused() throws Exception {
        TargetFile target = repo.release(OS_2_0, "rel-1", 5, image(50_000, 1));
        repo.publish();
        server.blobs.put(target.hashes().get("sha256"), image(40_000, 1));

        UpdateOutcome outcome = updater().apply(directive(OS_2_0, "rel-1"));

        assertRefused(outcome, "tuf.length-mismatch");
        assertNothingInstalled();
    }

    @Test
    void olderMetadataThanTheDeviceTrustsIsRefused() throws Exception {
        byte[] oldTimestamp = Objects.requireNonNull(server.metadata.get("timestamp.json"));
        repo.release(OS_2_0, "rel-1", 5, image(1000, 1));
        repo.publish();
        Updater updater = updater();
        assertThat(updater.apply(directive(OS_2_0, "rel-1"))).isInstanceOf(UpdateOutcome.Good.class);
        repo.release("os/meter-v2/r1/2.1.0", "rel-2", 6, image(1000, 2));
        repo.publish();
        server.metadata.put("timestamp.json", oldTimestamp);

        UpdateOutcome outcome = updater.apply(directive("os/meter-v2/r1/2.1.0", "rel-2"));

        assertRefused(outcome, "tuf.rollback");
        assertThat(updater.slots().active()).isEqualTo(Slot.B);
    }

    @Test
    void aSecurityVersionBelowTheFloorIsRefusedEvenWhenSigned() throws Exception {
        repo.release(OS_2_0, "rel-1", 5, image(1000, 1));
        repo.release("os/meter-v2/r1/1.9.0", "rel-0", 3, image(1000, 2));
        repo.publish();
        Updater updater = updater();
        assertThat(updater.apply(directive(OS_2_0, "rel-1"))).isInstanceOf(UpdateOutcome.Good.class);
        int blobRequests = server.blobRequests().size();

        UpdateOutcome outcome = updater.apply(directive("os/meter-v2/r1/1.9.0", "rel-0"));

        assertRefused(outcome, "security-version-below-floor");
        assertThat(updater.slots().active()).isEqualTo(Slot.B);
        assertThat(updater.slots().image(Slot.A)).doesNotExist();
        assertThat(server.blobRequests()).hasSize(blobRequests);
    }

    @Test
    void theFloorSurvivesARestart() throws Exception {
        repo.release(OS_2_0, "rel-1", 5, image(1000, 1));
        repo.release("os/meter-v2/r1/1.9.0", "rel-0", 3, image(1000, 2));
        repo.publish();
        updater().apply(directive(OS_2_0, "rel-1"));

        UpdateOutcome outcome = updater().apply(directive("os/meter-v2/r1/1.9.0", "rel-0"));

        assertRefused(outcome, "security-version-below-floor");
    }

    @Test
    void anExpiredTimestampIsRefused() throws Exception {
        repo.release(OS_2_0, "rel-1", 5, image(1000, 1));
        repo.timestampExpires = NOW.minus(Duration.ofHours(1));
        repo.publish();

        UpdateOutcome outcome = updater().apply(directive(OS_2_0, "rel-1"));

        assertRefused(outcome, "tuf.expired");
        assertNothingInstalled();
    }

    @Test
    void tierMetadataFromAnotherSnapshotIsRefused() throws Exception {
        repo.release(OS_2_0, "rel-1", 5, image(1000, 1));
        repo.publish();
        byte[] osOfThisSnapshot =
                Objects.requireNonNull(server.metadata.get(RepositoryLayout.metadataFile("os", 2, true)));
        repo.tier(Tier.OS).clear();
        repo.publish();
        // a mix: today's snapshot, with the os role of an earlier snapshot (validly signed) served in its place
        server.metadata.put(RepositoryLayout.metadataFile("os", 3, true), osOfThisSnapshot);

        UpdateOutcome outcome = updater().apply(directive(OS_2_0, "rel-1"));

        assertThat(outcome)
                .isInstanceOfSatisfying(
                        UpdateOutcome.Refused.class,
                        r -> assertThat(r.code())
                                .isIn(
                                        "tuf.length-exceeded",
                                        "tuf.length-mismatch",
                                        "tuf.hash-mismatch",
                                        "tuf.version-mismatch"));
        assertNothingInstalled();
    }

    @Test
    void endlessTargetDataIsCutOffAtTheSignedLength() throws Exception {
        repo.release(OS_2_0, "rel-1", 5, image(10_000, 1));
        repo.publish();
        server.endless = true;

        UpdateOutcome outcome = updater().apply(directive(OS_2_0, "rel-1"));

        assertRefused(outcome, "tuf.length-exceeded");
        assertNothingInstalled();
        assertThat(server.blobRequests()).hasSize(1);
        assertThat(server.blobBytesSent.get()).isLessThan(64L * 1024 * 1024);
        try (var files = Files.list(state.resolve("ota").resolve("downloads"))) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void endlessMetadataIsCutOffAtTheLimit() throws Exception {
        repo.release(OS_2_0, "rel-1", 5, image(1000, 1));
        repo.publish();
        server.metadata.put("timestamp.json", new byte[1_000_000]);

        UpdateOutcome outcome = updater().apply(directive(OS_2_0, "rel-1"));

        assertRefused(outcome, "tuf.length-exceeded");
    }

    @Test
    void aTargetLongerThanASlotIsRefusedBeforeDownloading() throws Exception {
        repo.release(OS_2_0, "rel-1", 5, image(300_000, 1));
        repo.publish();

        UpdateOutcome outcome = updater().apply(directive(OS_2_0, "rel-1"));

        assertRefused(outcome, "target-too-large");
        assertThat(server.blobRequests()).isEmpty();
    }

    // ---- the server directs, the metadata decides ----------------------------------------------------------------

    @Test
    void aTargetForAnotherModelIsRefusedWithoutFetchingAnything() throws Exception {
        repo.release("os/gateway-x/r1/2.0.0", "rel-9", 5, image(1000, 1));
        repo.publish();

        UpdateOutcome outcome = updater().apply(directive("os/gateway-x/r1/2.0.0", "rel-9"));

        assertRefused(outcome, "not-for-this-device");
        assertThat(server.requests).isEmpty();
    }

    @Test
    void aTargetForAnotherHardwareRevisionIsRefused() throws Exception {
        repo.release("os/meter-v2/r2/2.0.0", "rel-9", 5, image(1000, 1));
        repo.publish();

        UpdateOutcome outcome = updater().apply(directive("os/meter-v2/r2/2.0.0", "rel-9"));

        assertRefused(outcome, "not-for-this-device");
        assertNothingInstalled();
    }

    @Test
    void aTargetWhoseSignedCustomNamesAnotherModelIsRefused() throws Exception {
        byte[] content = image(1000, 1);
        String[] parts = {"os", "gateway-x", "r1", "2.0.0"};
        repo.tier(Tier.OS)
                .put(OS_2_0, TargetFile.describing(OS_2_0, content, OtaTestRepository.custom(parts, "rel-1", 5)));
        server.putBlob(content);
        repo.publish();

        UpdateOutcome outcome = updater().apply(directive(OS_2_0, "rel-1"));

        assertRefused(outcome, "target-metadata-mismatch");
        assertNothingInstalled();
    }

    @Test
    void aTargetOfThisTierVouchedForOnlyByTheTopLevelRoleIsRefused() throws Exception {
        byte[] content = image(1000, 1);
        repo.topLevelTargets.put(
                OS_2_0,
                TargetFile.describing(OS_2_0, content, OtaTestRepository.custom(OS_2_0.split("/"), "rel-1", 5)));
        server.putBlob(content);
        repo.publish();

        UpdateOutcome outcome = updater().apply(directive(OS_2_0, "rel-1"));

        assertRefused(outcome, "wrong-role");
        assertNothingInstalled();
    }

    @Test
    void aTargetListedOnlyInAnotherTiersRoleIsRefused() throws Exception {
        byte[] content = image(1000, 1);
        repo.tier(Tier.APPLICATION)
                .put(
                        OS_2_0,
                        TargetFile.describing(
                                OS_2_0, content, OtaTestRepository.custom(OS_2_0.split("/"), "rel-1", 5)));
        server.putBlob(content);
        repo.publish();

        UpdateOutcome outcome = updater().apply(directive(OS_2_0, "rel-1"));

        assertRefused(outcome, "tuf.unknown-target");
        assertNothingInstalled();
    }

    @Test
    void aDirectiveNamingAnotherReleaseThanTheSignedOneIsRefused() throws Exception {
        repo.release(OS_2_0, "rel-1", 5, image(1000, 1));
        repo.publish();

        UpdateOutcome outcome = updater().apply(directive(OS_2_0, "rel-other"));

        assertRefused(outcome, "target-metadata-mismatch");
        assertNothingInstalled();
    }

    // ---- downloads that break off --------------------------------------------------------------------------------

    @Test
    void aDownloadBrokenOffMidwayResumesWithARange() throws Exception {
        byte[] image = image(200_000, 1);
        repo.release(OS_2_0, "rel-1", 5, image);
        repo.publish();
        server.dropAfter.set(70_000);
        Updater updater = updater();

        UpdateOutcome outcome = updater.apply(directive(OS_2_0, "rel-1"));

        assertThat(outcome).isInstanceOf(UpdateOutcome.Good.class);
        assertThat(Files.readAllBytes(updater.slots().image(Slot.B))).isEqualTo(image);
        List<String> blobRequests = server.blobRequests();
        assertThat(blobRequests).hasSize(2);
        assertThat(blobRequests.get(0)).contains(" - ");
        assertThat(blobRequests.get(1)).containsPattern(" bytes=[1-9]\\d*- ");
        assertThat(server.blobBytesSent.get()).isLessThan(2L * image.length);
    }

    @Test
    void aLaterDirectiveResumesTheDownloadAnEarlierOneLeft() throws Exception {
        byte[] image = image(200_000, 1);
        repo.release(OS_2_0, "rel-1", 5, image);
        repo.publish();
        download = new HttpsRepository.Settings(Duration.ofSeconds(10), 1, Duration.ZERO);
        server.dropAfter.set(120_000);
        assertRefused(updater().apply(directive(OS_2_0, "rel-1")), "download-failed");

        UpdateOutcome outcome = updater().apply(directive(OS_2_0, "rel-1"));

        assertThat(outcome).isInstanceOf(UpdateOutcome.Good.class);
        assertThat(server.blobRequests().getLast()).containsPattern(" bytes=[1-9]\\d*- ");
    }

    // ---- trial boot, rollback and restarts -----------------------------------------------------------------------

    @Test
    void aFailedHealthCheckRollsBackToTheOldSlotAndKeepsTheFloor() throws Exception {
        repo.release(OS_2_0, "rel-1", 5, image(1000, 1));
        repo.publish();
        health = (slot, target) -> false;
        Updater updater = updater();

        UpdateOutcome outcome = updater.apply(directive(OS_2_0, "rel-1"));

        assertThat(outcome).isInstanceOfSatisfying(UpdateOutcome.RolledBack.class, r -> {
            assertThat(r.slot()).isEqualTo(Slot.A);
            assertThat(r.reason()).startsWith("health-check-failed");
        });
        assertThat(updater.slots().active()).isEqualTo(Slot.A);
        assertThat(updater.floor()).isZero();
        assertThat(states()).endsWith(UpdateState.TRIAL, UpdateState.ROLLED_BACK);
        assertThat(statuses.getLast().reason())
                .hasValueSatisfying(r -> assertThat(r).startsWith("health-check-failed"));
    }

    @Test
    void aTrialMarkedGoodOnlyAfterItsDeadlineRollsBack() throws Exception {
        repo.release(OS_2_0, "rel-1", 5, image(1000, 1));
        repo.publish();
        health = (slot, target) -> {
            clock.advance(Duration.ofMinutes(11));
            return true;
        };
        Updater updater = updater();

        UpdateOutcome outcome = updater.apply(directive(OS_2_0, "rel-1"));

        assertThat(outcome)
                .isInstanceOfSatisfying(
                        UpdateOutcome.RolledBack.class,
                        r -> assertThat(r.reason()).startsWith("trial-deadline-passed"));
        assertThat(updater.floor()).isZero();
    }

    @Test
    void aRestartDuringTheTrialCompletesTheUpdate() throws Exception {
        repo.release(OS_2_0, "rel-1", 5, image(1000, 1));
        repo.publish();
        health = (slot, target) -> {
            throw new PowerLoss();
        };
        assertThatThrownBy(() -> updater().apply(directive(OS_2_0, "rel-1"))).isInstanceOf(PowerLoss.class);
        health = (slot, target) -> {
            healthChecks.incrementAndGet();
            return slot == Slot.B;
        };
        clock.advance(Duration.ofMinutes(2));

        Updater restarted = updater();
        Optional<UpdateOutcome> outcome = restarted.resume();

        assertThat(outcome).contains(new UpdateOutcome.Good(TargetName.parse(OS_2_0), Slot.B, 5));
        assertThat(healthChecks).hasValue(1);
        assertThat(restarted.slots().active()).isEqualTo(Slot.B);
        assertThat(restarted.floor()).isEqualTo(5);
        assertThat(restarted.resume()).isEmpty();
    }

    @Test
    void aRestartAfterTheTrialDeadlineRollsBackWithoutTrustingTheNewSlot() throws Exception {
        repo.release(OS_2_0, "rel-1", 5, image(1000, 1));
        repo.publish();
        health = (slot, target) -> {
            throw new PowerLoss();
        };
        assertThatThrownBy(() -> updater().apply(directive(OS_2_0, "rel-1"))).isInstanceOf(PowerLoss.class);
        assertThat(new Slots(state).active()).isEqualTo(Slot.B);
        health = (slot, target) -> {
            healthChecks.incrementAndGet();
            return true;
        };
        clock.advance(Duration.ofMinutes(30));

        Updater restarted = updater();
        Optional<UpdateOutcome> outcome = restarted.resume();

        assertThat(outcome)
                .hasValueSatisfying(o -> assertThat(o)
                        .isInstanceOfSatisfying(
                                UpdateOutcome.RolledBack.class,
                                r -> assertThat(r.reason()).startsWith("trial-deadline-passed")));
        assertThat(healthChecks).hasValue(0);
        assertThat(restarted.slots().active()).isEqualTo(Slot.A);
        assertThat(restarted.floor()).isZero();
    }

    @Test
    void statusesArePublishedOnTheDevicesStatusTopic() {
        List<String> published = new CopyOnWriteArrayList<>();
        var reporter = new MqttStatusReporter("meter-0042", (topic, payload) -> {
            published.add(topic + " " + new String(payload, UTF_8));
            return java.util.concurrent.CompletableFuture.completedFuture(dev.palisade.agent.Outcome.ACCEPTED);
        });

        reporter.reported(new UpdateStatus("rel-1", Optional.empty(), UpdateState.TRIAL, Optional.empty(), NOW));

        assertThat(published)
                .containsExactly("devices/meter-0042/ota/status "
                        + "{\"at\":\"2026-03-01T12:00:00Z\",\"releaseId\":\"rel-1\",\"state\":\"trial\"}");
    }

    // ---- helpers -------------------------------------------------------------------------------------------------

    private Updater updater() throws Exception {
        var settings =
                new OtaSettings("meter-v2", "r1", state, Duration.ofMinutes(10), 256 * 1024, UpdaterLimits.DEFAULTS);
        var repository = new HttpsRepository(server.endpoint(), pki.root, pki::deviceCredential, download);
        return new Updater(
                settings,
                repo.trustedRoot(),
                repository,
                (slot, target) -> health.healthy(slot, target),
                statuses::add,
                clock);
    }

    private static UpdateDirective directive(String target, String releaseId) {
        return new UpdateDirective(releaseId, TargetName.parse(target), Optional.of("rollout-1"));
    }

    private List<UpdateState> states() {
        return statuses.stream().map(UpdateStatus::state).toList();
    }

    private void assertRefused(UpdateOutcome outcome, String code) {
        assertThat(outcome)
                .isInstanceOfSatisfying(
                        UpdateOutcome.Refused.class,
                        r -> assertThat(r.code()).as(r.detail()).isEqualTo(code));
        assertThat(statuses.getLast().state()).isEqualTo(UpdateState.REFUSED);
        assertThat(statuses.getLast().reason())
                .hasValueSatisfying(r -> assertThat(r).startsWith(code));
    }

    private void assertNothingInstalled() throws Exception {
        Slots slots = new Slots(state);
        assertThat(slots.active()).isEqualTo(Slot.A);
        assertThat(slots.image(Slot.B)).doesNotExist();
        assertThat(state.resolve("active")).doesNotExist();
        assertThat(state.resolve("ota").resolve("journal")).doesNotExist();
    }

    private static byte[] image(int length, int seed) {
        byte[] bytes = new byte[length];
        for (int k = 0; k < length; k++) {
            bytes[k] = (byte) (k * 31 + seed * 7 + k / 251);
        }
        return bytes;
    }

    /** The device loses power: nothing after this line of the updater runs. */
    private static final class PowerLoss extends Error {
        private static final long serialVersionUID = 1L;
    }

    private static final class MutableClock extends Clock {
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
