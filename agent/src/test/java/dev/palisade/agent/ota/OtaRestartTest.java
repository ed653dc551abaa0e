package dev.palisade.agent.ota;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.protocol.ota.TargetName;
import dev.palisade.protocol.ota.UpdateState;
import java.nio.file.Files;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The trial in the new image itself ({@link TrialBoot#AFTER_RESTART}): installing stops once the new slot is active,
 * the device restarts into it, and the updater there checks its health; and an offer repeated for what already runs.
 */
class OtaRestartTest extends OtaFixture {

    @Test
    void installingStopsAtTheTrialAndTheUpdaterAfterTheRestartMarksItGood() throws Exception {
        trialBoot = TrialBoot.AFTER_RESTART;
        byte[] image = image(20_000, 1);
        repo.release(OS_2_0, "rel-1", 5, image);
        repo.publish();

        UpdateOutcome installed = updater().apply(directive(OS_2_0, "rel-1"));
        int checksBeforeRestart = healthChecks.get();
        long floorBeforeRestart = updater().floor();
        Updater afterRestart = updater();
        var resumed = afterRestart.resume();

        assertThat(installed).isEqualTo(new UpdateOutcome.RestartRequired(TargetName.parse(OS_2_0), Slot.B));
        assertThat(checksBeforeRestart)
                .as("the old image does not judge the new one")
                .isZero();
        assertThat(floorBeforeRestart).isZero();
        assertThat(resumed).contains(new UpdateOutcome.Good(TargetName.parse(OS_2_0), Slot.B, 5));
        assertThat(healthChecks.get()).isEqualTo(1);
        assertThat(afterRestart.slots().active()).isEqualTo(Slot.B);
        assertThat(Files.readAllBytes(afterRestart.slots().image(Slot.B))).isEqualTo(image);
        assertThat(afterRestart.floor()).isEqualTo(5);
        assertThat(states())
                .containsExactly(
                        UpdateState.DOWNLOADING,
                        UpdateState.DOWNLOADED,
                        UpdateState.INSTALLING,
                        UpdateState.TRIAL,
                        UpdateState.GOOD);
    }

    @Test
    void aDirectiveBeforeTheRestartInstallsNothingMore() throws Exception {
        trialBoot = TrialBoot.AFTER_RESTART;
        repo.release(OS_2_0, "rel-1", 5, image(1000, 1));
        repo.release("os/meter-v2/r1/2.1.0", "rel-2", 6, image(1000, 2));
        repo.publish();
        Updater updater = updater();
        updater.apply(directive(OS_2_0, "rel-1"));
        int reported = statuses.size();

        UpdateOutcome again = updater.apply(directive("os/meter-v2/r1/2.1.0", "rel-2"));

        assertThat(again).isEqualTo(new UpdateOutcome.RestartRequired(TargetName.parse(OS_2_0), Slot.B));
        assertThat(statuses).hasSize(reported);
        assertThat(updater.slots().image(Slot.A)).doesNotExist();
    }

    @Test
    void anImageThatFailsItsHealthCheckAfterTheRestartIsRolledBack() throws Exception {
        trialBoot = TrialBoot.AFTER_RESTART;
        repo.release(OS_2_0, "rel-1", 5, image(1000, 1));
        repo.publish();
        updater().apply(directive(OS_2_0, "rel-1"));
        health = (slot, target) -> false;

        var resumed = updater().resume();

        assertThat(resumed)
                .hasValueSatisfying(outcome -> assertThat(outcome)
                        .isInstanceOfSatisfying(
                                UpdateOutcome.RolledBack.class,
                                r -> assertThat(r.slot()).isEqualTo(Slot.A)));
        assertThat(new Slots(state).active()).isEqualTo(Slot.A);
        assertThat(updater().floor()).isZero();
        assertThat(states().getLast()).isEqualTo(UpdateState.ROLLED_BACK);
    }

    @Test
    void aTrialWhoseDeadlinePassedBeforeTheRestartIsRolledBackWithoutAHealthCheck() throws Exception {
        trialBoot = TrialBoot.AFTER_RESTART;
        repo.release(OS_2_0, "rel-1", 5, image(1000, 1));
        repo.publish();
        updater().apply(directive(OS_2_0, "rel-1"));
        clock.advance(Duration.ofMinutes(11));

        var resumed = updater().resume();

        assertThat(resumed)
                .hasValueSatisfying(outcome -> assertThat(outcome).isInstanceOf(UpdateOutcome.RolledBack.class));
        assertThat(healthChecks.get()).isZero();
        assertThat(new Slots(state).active()).isEqualTo(Slot.A);
    }

    @Test
    void anOfferRepeatedForTheRunningTargetIsAnsweredGoodWithoutInstallingAgain() throws Exception {
        repo.release(OS_2_0, "rel-1", 5, image(1000, 1));
        repo.publish();
        Updater updater = updater();
        updater.apply(directive(OS_2_0, "rel-1"));
        int blobRequests = server.blobRequests().size();
        statuses.clear();

        UpdateOutcome again = updater.apply(directive(OS_2_0, "rel-1"));

        assertThat(again).isEqualTo(new UpdateOutcome.Good(TargetName.parse(OS_2_0), Slot.B, 5));
        assertThat(states()).containsExactly(UpdateState.GOOD);
        assertThat(server.blobRequests()).hasSize(blobRequests);
        assertThat(updater.slots().active()).isEqualTo(Slot.B);
        assertThat(updater.slots().image(Slot.A)).doesNotExist();
    }
}
