package dev.palisade.agent.ota;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.protocol.ota.Tier;
import dev.palisade.protocol.tuf.RepositoryLayout;
import dev.palisade.protocol.tuf.TargetFile;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Objects;
import org.junit.jupiter.api.Test;

/** TUF attacks and targets for other devices, as the agent sees them end to end: each is refused and installs nothing. */
class OtaRefusalTest extends OtaFixture {

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
}
