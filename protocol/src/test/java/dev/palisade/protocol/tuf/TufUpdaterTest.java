package dev.palisade.protocol.tuf;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TufUpdaterTest {

    private static final byte[] FIRMWARE = "firmware 2.4.1 for meter-v2".getBytes(UTF_8);

    private final TestRepository repo = new TestRepository();
    private final TestRepository.MemoryStore store = new TestRepository.MemoryStore();

    private TufUpdater updater() {
        return repo.updater(store);
    }

    private static RefusalReason reasonOf(UpdateResult result) {
        assertThat(result).isInstanceOf(UpdateResult.Refused.class);
        return ((UpdateResult.Refused) result).reason();
    }

    private static RefusalReason reasonOf(TargetDownload result) {
        assertThat(result).isInstanceOf(TargetDownload.Refused.class);
        return ((TargetDownload.Refused) result).reason();
    }

    /** Brings the device to the repository's current state, then lets a test change the repository. */
    private void trustCurrentRepository() {
        assertThat(updater().refresh()).isInstanceOf(UpdateResult.Updated.class);
    }

    @Test
    void downloadsATargetFromAConsistentSnapshotRepositoryAndPersistsWhatItTrusts() {
        repo.addTarget("app/firmware.bin", FIRMWARE);
        repo.publish();

        TargetDownload download = updater().fetchTarget("app/firmware.bin");

        assertThat(download).isInstanceOfSatisfying(TargetDownload.Verified.class, verified -> {
            assertThat(verified.content()).isEqualTo(FIRMWARE);
            assertThat(verified.target().custom()).containsEntry("hardwareId", "meter-v2");
        });
        String hash = repo.target("app/firmware.bin").hashes().get("sha256");
        assertThat(repo.requests)
                .containsSubsequence("2.root.json", "timestamp.json", "2.snapshot.json", "2.targets.json")
                .contains("app/" + hash + ".firmware.bin");
        assertThat(store.files).containsKeys("timestamp", "snapshot", "targets");
        assertThat(store.files.get("timestamp")).isEqualTo(repo.metadata.get("timestamp.json"));
    }

    @Test
    void readsARepositoryWithoutConsistentSnapshots() {
        repo.consistentSnapshot = false;
        repo.publishRoot();
        repo.addTarget("firmware.bin", FIRMWARE);
        repo.publish();

        TargetDownload download = updater().fetchTarget("firmware.bin");

        assertThat(download).isInstanceOf(TargetDownload.Verified.class);
        assertThat(repo.requests).contains("snapshot.json", "targets.json", "firmware.bin");
    }

    @Test
    void pollingAnUnchangedRepositoryFetchesOnlyRootAndTimestamp() {
        trustCurrentRepository();
        repo.requests.clear();

        UpdateResult result = updater().refresh();

        assertThat(result).isInstanceOf(UpdateResult.Updated.class);
        assertThat(repo.requests).containsExactly("2.root.json", "timestamp.json");
    }

    // ---- arbitrary software installation -----------------------------------------------------------------------

    @Test
    void refusesATargetWhoseContentDiffersFromItsHash() {
        repo.addTarget("app/firmware.bin", FIRMWARE);
        repo.publish();
        byte[] evil = FIRMWARE.clone();
        evil[0] ^= 1;
        repo.putTargetFile(repo.target("app/firmware.bin"), evil);

        assertThat(reasonOf(updater().fetchTarget("app/firmware.bin"))).isEqualTo(RefusalReason.HASH_MISMATCH);
    }

    @Test
    void refusesATargetShorterThanItsTrustedLength() {
        repo.addTarget("app/firmware.bin", FIRMWARE);
        repo.publish();
        repo.putTargetFile(repo.target("app/firmware.bin"), "short".getBytes(UTF_8));

        assertThat(reasonOf(updater().fetchTarget("app/firmware.bin"))).isEqualTo(RefusalReason.LENGTH_MISMATCH);
    }

    @Test
    void refusesTargetsMetadataSignedByAKeyTheRootDoesNotTrustForTargets() {
        repo.addTarget("app/evil.bin", FIRMWARE);
        repo.signers.put(RoleType.TARGETS, List.of(TestRepository.signer()));
        repo.publish();

        UpdateResult result = updater().refresh();

        assertThat(reasonOf(result)).isEqualTo(RefusalReason.THRESHOLD_NOT_MET);
    }

    @Test
    void refusesATargetThatNoTrustedMetadataDescribes() {
        TargetLookup lookup = updater().findTarget("app/unknown.bin");

        assertThat(lookup)
                .isInstanceOfSatisfying(
                        TargetLookup.Refused.class,
                        r -> assertThat(r.reason()).isEqualTo(RefusalReason.UNKNOWN_TARGET));
    }

    @Test
    void refusesMetadataWhoseSignatureWasMadeOverOtherContent() {
        trustCurrentRepository();
        byte[] timestamp = new String(repo.file("timestamp.json"), UTF_8)
                .replace("\"version\":1}", "\"version\":7}")
                .getBytes(UTF_8);
        repo.metadata.put("timestamp.json", timestamp);

        assertThat(reasonOf(updater().refresh())).isEqualTo(RefusalReason.BAD_SIGNATURE);
    }

    // ---- rollback -----------------------------------------------------------------------------------------------

    @Test
    void refusesATimestampOlderThanTheTrustedOne() {
        byte[] oldTimestamp = repo.file("timestamp.json");
        repo.publish();
        trustCurrentRepository();
        repo.metadata.put("timestamp.json", oldTimestamp);
        Map<String, String> before = store.snapshot();

        UpdateResult result = updater().refresh();

        assertThat(reasonOf(result)).isEqualTo(RefusalReason.ROLLBACK);
        assertThat(store.snapshot()).isEqualTo(before);
    }

    @Test
    void refusesATimestampThatNamesAnOlderSnapshot() {
        repo.publish();
        trustCurrentRepository();
        repo.timestampVersion++;
        repo.publishTimestamp(new Timestamp(
                SpecVersion.CURRENT,
                repo.timestampVersion,
                repo.expires,
                MetaFile.describing(1, repo.file("1.snapshot.json"))));

        assertThat(reasonOf(updater().refresh())).isEqualTo(RefusalReason.ROLLBACK);
    }

    @Test
    void refusesASnapshotThatListsAnOlderTargetsVersion() {
        repo.publish();
        trustCurrentRepository();
        repo.snapshotVersion++;
        repo.publishSnapshot(new Snapshot(
                SpecVersion.CURRENT,
                repo.snapshotVersion,
                repo.expires,
                Map.of("targets.json", MetaFile.describing(1, repo.file("1.targets.json")))));

        assertThat(reasonOf(updater().refresh())).isEqualTo(RefusalReason.ROLLBACK);
    }

    @Test
    void refusesASnapshotThatDropsATargetsRole() {
        repo.delegate("apps", false, List.of("apps/*"));
        repo.publish();
        trustCurrentRepository();
        repo.snapshotVersion++;
        repo.publishSnapshot(new Snapshot(
                SpecVersion.CURRENT,
                repo.snapshotVersion,
                repo.expires,
                Map.of("targets.json", MetaFile.describing(2, repo.file("2.targets.json")))));

        assertThat(reasonOf(updater().refresh())).isEqualTo(RefusalReason.ROLLBACK);
    }

    // ---- indefinite freeze --------------------------------------------------------------------------------------

    @Test
    void refusesAnExpiredTimestamp() {
        repo.expires = TestRepository.NOW;
        repo.publish();

        assertThat(reasonOf(updater().refresh())).isEqualTo(RefusalReason.EXPIRED);
    }

    @Test
    void refusesAnExpiredRootEvenWhenEverythingElseIsFresh() {
        repo.rootVersion++;
        Instant later = repo.expires;
        repo.expires = TestRepository.NOW.minusSeconds(1);
        repo.publishRoot();
        repo.expires = later;
        repo.publish();

        assertThat(reasonOf(updater().refresh())).isEqualTo(RefusalReason.EXPIRED);
    }

    @Test
    void refusesExpiredTargetsMetadata() {
        repo.targetsVersion++;
        byte[] expired = repo.sign(
                new Targets(SpecVersion.CURRENT, repo.targetsVersion, TestRepository.NOW, Map.of(), Optional.empty()));
        repo.metadata.put(repo.targetsVersion + ".targets.json", expired);
        repo.snapshotVersion++;
        repo.publishSnapshot(new Snapshot(
                SpecVersion.CURRENT,
                repo.snapshotVersion,
                repo.expires,
                Map.of("targets.json", MetaFile.describing(repo.targetsVersion, expired))));

        assertThat(reasonOf(updater().refresh())).isEqualTo(RefusalReason.EXPIRED);
    }

    // ---- endless data -------------------------------------------------------------------------------------------

    @Test
    void refusesATimestampLongerThanTheLimitAndReadsNoFurther() {
        Map<String, Object> signed = new LinkedHashMap<>(new Timestamp(
                        SpecVersion.CURRENT, 2, repo.expires, MetaFile.describing(1, repo.file("1.snapshot.json")))
                .toJson());
        signed.put("padding", "x".repeat(100_000));
        repo.metadata.put("timestamp.json", MetadataBuilder.sign(signed, repo.signersOf(RoleType.TIMESTAMP)));

        UpdateResult result = updater().refresh();

        assertThat(reasonOf(result)).isEqualTo(RefusalReason.LENGTH_EXCEEDED);
        assertThat(repo.requestedMaxLengths).containsEntry("timestamp.json", 16_384L);
    }

    @Test
    void refusesATargetLongerThanItsTrustedLength() {
        repo.addTarget("app/firmware.bin", FIRMWARE);
        repo.publish();
        repo.putTargetFile(repo.target("app/firmware.bin"), new byte[1_000_000]);

        TargetDownload download = updater().fetchTarget("app/firmware.bin");

        assertThat(reasonOf(download)).isEqualTo(RefusalReason.LENGTH_EXCEEDED);
        assertThat(repo.requestedMaxLengths).containsValue((long) FIRMWARE.length);
    }

    // ---- mix-and-match and extraneous dependencies --------------------------------------------------------------

    @Test
    void refusesTargetsMetadataOtherThanTheVersionTheSnapshotNames() {
        repo.snapshotListsHashes = false;
        repo.publish();
        repo.metadata.put("2.targets.json", repo.file("1.targets.json"));

        assertThat(reasonOf(updater().refresh())).isEqualTo(RefusalReason.VERSION_MISMATCH);
    }

    @Test
    void refusesTargetsMetadataWhoseHashDiffersFromTheSnapshot() {
        repo.addTarget("app/firmware.bin", FIRMWARE);
        repo.publish();
        byte[] other = repo.sign(new Targets(SpecVersion.CURRENT, 2, repo.expires, Map.of(), Optional.empty()));
        repo.metadata.put("2.targets.json", other);

        UpdateResult result = updater().refresh();

        assertThat(reasonOf(result)).isIn(RefusalReason.HASH_MISMATCH, RefusalReason.LENGTH_MISMATCH);
    }

    @Test
    void refusesASnapshotOtherThanTheOneTheTimestampNames() {
        repo.publish();
        repo.metadata.put("2.snapshot.json", repo.file("1.snapshot.json"));

        UpdateResult result = updater().refresh();

        assertThat(reasonOf(result)).isIn(RefusalReason.HASH_MISMATCH, RefusalReason.LENGTH_MISMATCH);
    }

    @Test
    void refusesASnapshotThatOmitsTheTargetsRole() {
        repo.snapshotVersion++;
        repo.publishSnapshot(new Snapshot(SpecVersion.CURRENT, repo.snapshotVersion, repo.expires, Map.of()));

        assertThat(reasonOf(updater().refresh())).isEqualTo(RefusalReason.MISSING_METADATA);
    }

    // ---- key compromise, thresholds and unauthorised keys --------------------------------------------------------

    @Test
    void refusesMetadataBelowItsRoleThreshold() {
        SoftwareMetadataSigner second = TestRepository.signer();
        repo.signersOf(RoleType.TIMESTAMP).add(second);
        repo.thresholds.put(RoleType.TIMESTAMP, 2);
        repo.rootVersion++;
        repo.publishRoot();
        repo.publish();
        Map<String, Object> signed = SignedMetadata.parse(repo.file("timestamp.json"), Timestamp.class)
                .role()
                .toJson();
        repo.metadata.put("timestamp.json", MetadataBuilder.sign(signed, List.of(second)));

        assertThat(reasonOf(updater().refresh())).isEqualTo(RefusalReason.THRESHOLD_NOT_MET);
    }

    @Test
    void countsRepeatedSignaturesOfOneKeyOnce() {
        SoftwareMetadataSigner first = repo.signersOf(RoleType.TIMESTAMP).getFirst();
        repo.signersOf(RoleType.TIMESTAMP).add(TestRepository.signer());
        repo.thresholds.put(RoleType.TIMESTAMP, 2);
        repo.rootVersion++;
        repo.publishRoot();
        repo.publish();
        Map<String, Object> signed = SignedMetadata.parse(repo.file("timestamp.json"), Timestamp.class)
                .role()
                .toJson();
        repo.metadata.put("timestamp.json", MetadataBuilder.sign(signed, List.of(first, first)));

        assertThat(reasonOf(updater().refresh())).isEqualTo(RefusalReason.THRESHOLD_NOT_MET);
    }

    @Test
    void ignoresSignaturesFromKeysTheRoleDoesNotAuthorise() {
        Map<String, Object> signed = SignedMetadata.parse(repo.file("timestamp.json"), Timestamp.class)
                .role()
                .toJson();
        List<SoftwareMetadataSigner> others = List.of(
                repo.signersOf(RoleType.TARGETS).getFirst(),
                repo.signersOf(RoleType.ROOT).getFirst());
        repo.metadata.put("timestamp.json", MetadataBuilder.sign(signed, others));

        assertThat(reasonOf(updater().refresh())).isEqualTo(RefusalReason.THRESHOLD_NOT_MET);
    }

    // ---- root rotation and fast-forward recovery -----------------------------------------------------------------

    @Test
    void followsARootRotationSignedByTheOldAndTheNewRootKeys() {
        SoftwareMetadataSigner oldRoot = repo.signersOf(RoleType.ROOT).getFirst();
        repo.signers.put(RoleType.ROOT, List.of(TestRepository.signer()));
        repo.rootVersion++;
        repo.publishRoot(oldRoot);
        repo.rootVersion++;
        repo.publishRoot();

        UpdateResult result = updater().refresh();

        assertThat(result)
                .isInstanceOfSatisfying(
                        UpdateResult.Updated.class,
                        u -> assertThat(u.root().version()).isEqualTo(3));
        assertThat(store.files.get("root")).isEqualTo(repo.file("3.root.json"));
    }

    @Test
    void refusesANewRootNotSignedByTheOldRootKeys() {
        repo.signers.put(RoleType.ROOT, List.of(TestRepository.signer()));
        repo.rootVersion++;
        repo.publishRoot();

        assertThat(reasonOf(updater().refresh())).isEqualTo(RefusalReason.THRESHOLD_NOT_MET);
        assertThat(store.files).doesNotContainKey("root");
    }

    @Test
    void refusesANewRootNotSignedByItsOwnKeys() {
        SoftwareMetadataSigner oldRoot = repo.signersOf(RoleType.ROOT).getFirst();
        repo.signers.put(RoleType.ROOT, List.of(TestRepository.signer()));
        repo.rootVersion++;
        repo.metadata.put("2.root.json", MetadataBuilder.sign(repo.root(), List.of(oldRoot)));

        assertThat(reasonOf(updater().refresh())).isEqualTo(RefusalReason.THRESHOLD_NOT_MET);
    }

    @Test
    void refusesARootFileWhoseVersionIsNotTheNextOne() {
        repo.rootVersion = 3;
        repo.metadata.put("2.root.json", MetadataBuilder.sign(repo.root(), repo.signersOf(RoleType.ROOT)));

        assertThat(reasonOf(updater().refresh())).isEqualTo(RefusalReason.VERSION_MISMATCH);
    }

    @Test
    void recoversFromAFastForwardAttackOnceTheTimestampKeyIsRotated() {
        Map<String, Object> ffSigned = new Timestamp(
                        SpecVersion.CURRENT,
                        1_000_000,
                        repo.expires,
                        MetaFile.describing(1, repo.file("1.snapshot.json")))
                .toJson();
        repo.metadata.put("timestamp.json", MetadataBuilder.sign(ffSigned, repo.signersOf(RoleType.TIMESTAMP)));
        trustCurrentRepository();
        repo.timestampVersion = 1;
        repo.publish();
        assertThat(reasonOf(updater().refresh())).isEqualTo(RefusalReason.ROLLBACK);

        repo.signers.put(RoleType.TIMESTAMP, List.of(TestRepository.signer()));
        repo.rootVersion++;
        repo.publishRoot();
        repo.publish();
        UpdateResult result = updater().refresh();

        assertThat(result)
                .isInstanceOfSatisfying(
                        UpdateResult.Updated.class,
                        u -> assertThat(u.timestamp().version()).isEqualTo(3));
    }

    // ---- format attacks -----------------------------------------------------------------------------------------

    @Test
    void refusesMetadataOfTheWrongType() {
        repo.metadata.put("timestamp.json", repo.file("1.snapshot.json"));

        assertThat(reasonOf(updater().refresh())).isEqualTo(RefusalReason.WRONG_TYPE);
    }

    @Test
    void refusesARootThatListsAKeyUnderAnotherKeysId() {
        Map<String, Object> signed = new LinkedHashMap<>(repo.root().toJson());
        repo.rootVersion++;
        signed.put("version", 2L);
        TufKey stranger = TestRepository.signer().publicKey();
        Map<String, Object> keys = new LinkedHashMap<>();
        repo.root().keys().forEach((id, key) -> keys.put(id.hex(), key.toJson()));
        String timestampKeyId =
                repo.signersOf(RoleType.TIMESTAMP).getFirst().keyId().hex();
        keys.put(timestampKeyId, stranger.toJson());
        signed.put("keys", keys);
        repo.metadata.put("2.root.json", MetadataBuilder.sign(signed, repo.signersOf(RoleType.ROOT)));

        assertThat(reasonOf(updater().refresh())).isEqualTo(RefusalReason.KEY_ID_MISMATCH);
    }

    @Test
    void refusesMalformedJson() {
        repo.metadata.put("timestamp.json", "{\"signed\": {".getBytes(UTF_8));

        assertThat(reasonOf(updater().refresh())).isEqualTo(RefusalReason.MALFORMED);
    }

    @Test
    void refusesMetadataWithADuplicatedMemberName() {
        String signedTwice = new String(repo.file("timestamp.json"), UTF_8)
                .replace("\"_type\":\"timestamp\"", "\"_type\":\"timestamp\",\"_type\":\"timestamp\"");
        repo.metadata.put("timestamp.json", signedTwice.getBytes(UTF_8));

        assertThat(reasonOf(updater().refresh())).isEqualTo(RefusalReason.MALFORMED);
    }

    @Test
    void refusesMetadataWithAFloat() {
        String withFloat = new String(repo.file("timestamp.json"), UTF_8).replace("\"version\":1}", "\"version\":1.0}");
        repo.metadata.put("timestamp.json", withFloat.getBytes(UTF_8));

        assertThat(reasonOf(updater().refresh())).isEqualTo(RefusalReason.MALFORMED);
    }

    @Test
    void verifiesSignaturesOverUnknownMembersAsReceived() {
        Map<String, Object> signed = new LinkedHashMap<>(new Timestamp(
                        SpecVersion.CURRENT, 2, repo.expires, MetaFile.describing(1, repo.file("1.snapshot.json")))
                .toJson());
        signed.put("x-palisade-note", Map.of("line", "a\nb \"c\" é"));
        repo.metadata.put("timestamp.json", MetadataBuilder.sign(signed, repo.signersOf(RoleType.TIMESTAMP)));

        assertThat(updater().refresh()).isInstanceOf(UpdateResult.Updated.class);
        assertThat(store.files.get("timestamp")).isEqualTo(repo.metadata.get("timestamp.json"));
    }
}
