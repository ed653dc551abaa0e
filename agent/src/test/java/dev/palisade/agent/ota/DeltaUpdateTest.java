package dev.palisade.agent.ota;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.luben.zstd.ZstdOutputStreamNoFinalizer;
import dev.palisade.protocol.ota.DeltaFormat;
import dev.palisade.protocol.ota.UpdateState;
import dev.palisade.protocol.ota.UpdateStatus;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.security.SecureRandom;
import java.util.HexFormat;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The device reconstructs an update from its running image and a binary delta when the server has one, and falls back
 * to the full image whenever the delta is missing, damaged, made for another base or does not give the signed target:
 * nothing unverified is ever installed.
 */
class DeltaUpdateTest extends OtaFixture {

    static final String OS_2_1 = "os/meter-v2/r1/2.1.0";

    byte[] running;
    byte[] next;
    Updater updater;

    @BeforeEach
    void runningRelease() throws Exception {
        running = image(150_000, 1);
        next = modified(running, 3);
        repo.release(OS_2_0, "rel-1", 5, running);
        repo.release(OS_2_1, "rel-2", 5, next);
        repo.publish();
        updater = updater();
        assertThat(updater.apply(directive(OS_2_0, "rel-1"))).isInstanceOf(UpdateOutcome.Good.class);
        statuses.clear();
        server.requests.clear();
    }

    @Test
    void reconstructsTheUpdateFromTheRunningImageAndADeltaWithoutDownloadingTheImage() throws Exception {
        byte[] delta = delta(running, next);
        server.deltas.put(hex(running) + "/" + hex(next), delta);

        UpdateOutcome outcome = updater.apply(directive(OS_2_1, "rel-2"));

        assertThat(outcome).isInstanceOf(UpdateOutcome.Good.class);
        assertThat(Files.readAllBytes(updater.slots().image(Slot.A))).isEqualTo(next);
        assertThat(server.blobRequests()).isEmpty();
        assertThat(server.requests).anySatisfy(r -> assertThat(r).startsWith("/device/v1/ota/deltas/" + hex(running)));
        assertThat(downloadedReason()).isEqualTo(Updater.DELTA_APPLIED);
        assertThat(delta.length).isLessThan(next.length / 10);
    }

    @Test
    void withoutADeltaTheFullImageIsDownloaded() throws Exception {
        UpdateOutcome outcome = updater.apply(directive(OS_2_1, "rel-2"));

        assertThat(outcome).isInstanceOf(UpdateOutcome.Good.class);
        assertThat(Files.readAllBytes(updater.slots().image(Slot.A))).isEqualTo(next);
        assertThat(server.blobRequests()).hasSize(1);
        assertThat(downloadedReason()).startsWith(Updater.FULL_IMAGE + " (" + DeltaUpdate.NOT_FOUND);
    }

    @Test
    void aCorruptedDeltaFallsBackToTheFullImage() throws Exception {
        byte[] delta = delta(running, next);
        for (int k = delta.length / 2; k < delta.length / 2 + 64; k++) {
            delta[k] ^= (byte) 0xa5;
        }
        server.deltas.put(hex(running) + "/" + hex(next), delta);

        UpdateOutcome outcome = updater.apply(directive(OS_2_1, "rel-2"));

        assertThat(outcome).isInstanceOf(UpdateOutcome.Good.class);
        assertThat(Files.readAllBytes(updater.slots().image(Slot.A))).isEqualTo(next);
        assertThat(server.blobRequests()).hasSize(1);
        assertThat(downloadedReason()).startsWith(Updater.FULL_IMAGE + " (" + DeltaUpdate.CORRUPT);
    }

    @Test
    void aDeltaMadeForAnotherBaseFallsBackToTheFullImage() throws Exception {
        byte[] otherBase = modified(running, 9);
        server.deltas.put(hex(running) + "/" + hex(next), delta(otherBase, next));

        UpdateOutcome outcome = updater.apply(directive(OS_2_1, "rel-2"));

        assertThat(outcome).isInstanceOf(UpdateOutcome.Good.class);
        assertThat(Files.readAllBytes(updater.slots().image(Slot.A))).isEqualTo(next);
        assertThat(downloadedReason()).startsWith(Updater.FULL_IMAGE + " (" + DeltaUpdate.CORRUPT);
    }

    @Test
    void aDeltaThatDoesNotGiveTheSignedTargetFallsBackToTheFullImage() throws Exception {
        byte[] impostor = next.clone();
        impostor[impostor.length / 3] ^= 1; // as long as the target, one bit off
        server.deltas.put(hex(running) + "/" + hex(next), delta(running, impostor));

        UpdateOutcome outcome = updater.apply(directive(OS_2_1, "rel-2"));

        assertThat(outcome).isInstanceOf(UpdateOutcome.Good.class);
        assertThat(Files.readAllBytes(updater.slots().image(Slot.A))).isEqualTo(next);
        assertThat(downloadedReason()).startsWith(Updater.FULL_IMAGE + " (tuf.hash-mismatch");
    }

    @Test
    void aDeltaLongerThanTheImageIsNotUsed() throws Exception {
        byte[] endless = new byte[next.length + 1000];
        new SecureRandom().nextBytes(endless);
        server.deltas.put(hex(running) + "/" + hex(next), endless);

        UpdateOutcome outcome = updater.apply(directive(OS_2_1, "rel-2"));

        assertThat(outcome).isInstanceOf(UpdateOutcome.Good.class);
        assertThat(Files.readAllBytes(updater.slots().image(Slot.A))).isEqualTo(next);
        assertThat(downloadedReason()).startsWith(Updater.FULL_IMAGE + " (tuf.length-exceeded");
    }

    @Test
    void aBadDeltaAndNoImageInstallNothing() throws Exception {
        server.deltas.put(hex(running) + "/" + hex(next), delta(running, modified(next, 11)));
        server.blobs.remove(hex(next));

        UpdateOutcome outcome = updater.apply(directive(OS_2_1, "rel-2"));

        assertRefused(outcome, RefusalCodes.NOT_FOUND);
        assertThat(updater.slots().active()).isEqualTo(Slot.B);
        assertThat(updater.slots().image(Slot.A)).doesNotExist();
        assertThat(Files.readAllBytes(updater.slots().image(Slot.B))).isEqualTo(running);
        assertThat(state.resolve("ota").resolve("downloads")).isEmptyDirectory();
    }

    private String downloadedReason() {
        return statuses.stream()
                .filter(s -> s.state() == UpdateState.DOWNLOADED)
                .map(UpdateStatus::reason)
                .findFirst()
                .orElseThrow()
                .orElseThrow();
    }

    /** A new version of {@code base}: changed bytes, an inserted block that shifts the rest. */
    static byte[] modified(byte[] base, int seed) {
        SecureRandom random = new SecureRandom();
        byte[] inserted = new byte[2000];
        random.nextBytes(inserted);
        int at = base.length / 2;
        byte[] result = new byte[base.length + inserted.length];
        System.arraycopy(base, 0, result, 0, at);
        System.arraycopy(inserted, 0, result, at, inserted.length);
        System.arraycopy(base, at, result, at + inserted.length, base.length - at);
        for (int k = 0; k < 30; k++) {
            result[random.nextInt(result.length)] ^= 0x3c;
        }
        return result;
    }

    /** What the server generates: zstd patch-from, the base as dictionary, the shared window. */
    static byte[] delta(byte[] base, byte[] target) throws IOException {
        var bytes = new ByteArrayOutputStream();
        try (var zstd = new ZstdOutputStreamNoFinalizer(bytes)) {
            int windowLog = DeltaFormat.windowLog(base.length, target.length);
            zstd.setLevel(19);
            zstd.setLong(windowLog);
            zstd.setWindowLog(windowLog);
            zstd.setChecksum(true);
            zstd.setDict(base);
            zstd.write(target);
        }
        return bytes.toByteArray();
    }

    static String hex(byte[] content) {
        return HexFormat.of().formatHex(Digest.sha256(content));
    }
}
