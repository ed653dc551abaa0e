package dev.palisade.protocol.tuf;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TufDelegationTest {

    private final TestRepository repo = new TestRepository();
    private final TestRepository.MemoryStore store = new TestRepository.MemoryStore();

    @Test
    void findsATargetInADelegatedRoleAndPersistsThatRole() {
        repo.delegate("meters", false, List.of("meters/*.bin"));
        repo.addDelegatedTarget("meters", "meters/fw.bin", "fw".getBytes(UTF_8));
        repo.publish();

        TargetDownload download = repo.updater(store).fetchTarget("meters/fw.bin");

        assertThat(download).isInstanceOf(TargetDownload.Verified.class);
        assertThat(store.files).containsKey("meters");
    }

    @Test
    void ignoresTargetsADelegatedRoleListsOutsideItsPaths() {
        repo.delegate("meters", false, List.of("meters/*.bin"));
        repo.addDelegatedTarget("meters", "gateways/fw.bin", "evil".getBytes(UTF_8));
        repo.publish();

        TargetLookup lookup = repo.updater(store).findTarget("gateways/fw.bin");

        assertThat(lookup)
                .isInstanceOfSatisfying(
                        TargetLookup.Refused.class,
                        r -> assertThat(r.reason()).isEqualTo(RefusalReason.UNKNOWN_TARGET));
    }

    @Test
    void aTerminatingDelegationHidesLaterDelegationsForItsPaths() {
        repo.delegate("first", true, List.of("meters/*"));
        repo.delegate("second", false, List.of("meters/*"));
        repo.addDelegatedTarget("second", "meters/fw.bin", "fw".getBytes(UTF_8));
        repo.publish();

        TargetLookup lookup = repo.updater(store).findTarget("meters/fw.bin");

        assertThat(lookup).isInstanceOf(TargetLookup.Refused.class);
        assertThat(repo.requests).doesNotContain("1.second.json");
    }

    @Test
    void aNonTerminatingDelegationLetsTheSearchGoOn() {
        repo.delegate("first", false, List.of("meters/*"));
        repo.delegate("second", false, List.of("meters/*"));
        repo.addDelegatedTarget("second", "meters/fw.bin", "fw".getBytes(UTF_8));
        repo.publish();

        TargetLookup lookup = repo.updater(store).findTarget("meters/fw.bin");

        assertThat(lookup)
                .isInstanceOfSatisfying(
                        TargetLookup.Found.class, f -> assertThat(f.role()).isEqualTo("second"));
    }

    @Test
    void refusesADelegatedRoleSignedByAKeyItsDelegatorDidNotName() {
        repo.delegate("meters", false, List.of("meters/*"));
        repo.addDelegatedTarget("meters", "meters/fw.bin", "fw".getBytes(UTF_8));
        repo.delegatedSigners.put("meters", TestRepository.signer());
        repo.publish();

        TargetLookup lookup = repo.updater(store).findTarget("meters/fw.bin");

        assertThat(lookup)
                .isInstanceOfSatisfying(
                        TargetLookup.Refused.class,
                        r -> assertThat(r.reason()).isEqualTo(RefusalReason.THRESHOLD_NOT_MET));
    }

    @Test
    void stopsSearchingAfterTheMaximumNumberOfRoles() {
        for (int k = 0; k < 40; k++) {
            repo.delegate("role" + k, false, List.of("meters/*"));
        }
        repo.addDelegatedTarget("role39", "meters/fw.bin", "fw".getBytes(UTF_8));
        repo.publish();

        TargetLookup lookup = repo.updater(store).findTarget("meters/fw.bin");

        assertThat(lookup).isInstanceOf(TargetLookup.Refused.class);
        assertThat(repo.requests.stream().filter(r -> r.matches("\\d+\\.role\\d+\\.json")))
                .hasSize(UpdaterLimits.DEFAULTS.maxDelegations() - 1);
    }

    @Test
    void matchesShellStylePatternsSegmentBySegment() {
        assertThat(PathPattern.matches("targets/*.tgz", "targets/foo.tgz")).isTrue();
        assertThat(PathPattern.matches("targets/*.tgz", "targets/foo.txt")).isFalse();
        assertThat(PathPattern.matches("foo-version-?.tgz", "foo-version-2.tgz"))
                .isTrue();
        assertThat(PathPattern.matches("foo-version-?.tgz", "foo-version-alpha.tgz"))
                .isFalse();
        assertThat(PathPattern.matches("*.tgz", "targets/foo.tgz")).isFalse();
        assertThat(PathPattern.matches("*/*", "a/b")).isTrue();
        assertThat(PathPattern.matches("fw-[0-9].bin", "fw-7.bin")).isTrue();
        assertThat(PathPattern.matches("fw-[!0-9].bin", "fw-7.bin")).isFalse();
    }

    @Test
    void directoryStoreKeepsTrustedMetadataAcrossUpdaters(@TempDir Path directory) throws Exception {
        DirectoryMetadataStore disk = new DirectoryMetadataStore(directory);
        repo.addTarget("app/fw.bin", "fw".getBytes(UTF_8));
        repo.publish();
        assertThat(repo.updater(disk).refresh()).isInstanceOf(UpdateResult.Updated.class);
        byte[] oldTimestamp = repo.file("timestamp.json");
        repo.publish();
        assertThat(repo.updater(disk).refresh()).isInstanceOf(UpdateResult.Updated.class);

        repo.metadata.put("timestamp.json", oldTimestamp);
        UpdateResult result = repo.updater(disk).refresh();

        assertThat(result)
                .isInstanceOfSatisfying(
                        UpdateResult.Refused.class, r -> assertThat(r.reason()).isEqualTo(RefusalReason.ROLLBACK));
        try (var files = Files.list(directory)) {
            assertThat(files.map(f -> f.getFileName().toString()))
                    .containsExactlyInAnyOrder("root.json", "timestamp.json", "snapshot.json", "targets.json");
        }
    }
}
