package dev.palisade.agent.ota;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.palisade.protocol.ota.TargetName;
import dev.palisade.protocol.ota.UpdateState;
import dev.palisade.protocol.ota.UpdateStatus;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Installing into the A/B slots: resumed downloads, the trial boot, rollback, restarts and status reports. */
class OtaInstallTest extends OtaFixture {

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
}
