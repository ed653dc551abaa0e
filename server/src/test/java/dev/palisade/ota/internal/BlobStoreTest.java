package dev.palisade.ota.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.palisade.ota.Sha256;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BlobStoreTest {

    private static final byte[] CONTENT = "firmware image".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path root;

    @Test
    void storesContentUnderItsDigestFannedOutByItsFirstByte() throws Exception {
        var store = new BlobStore(root);

        var outcome = store.write(new ByteArrayInputStream(CONTENT), 1024, null, null);

        Sha256 sha256 = Sha256.of(MessageDigest.getInstance("SHA-256").digest(CONTENT));
        assertThat(outcome).isEqualTo(new BlobStore.Outcome.Stored(sha256, CONTENT.length, false));
        Path expected = root.resolve("blobs/sha256")
                .resolve(sha256.hex().substring(0, 2))
                .resolve(sha256.hex());
        assertThat(store.path(sha256)).isEqualTo(expected);
        assertThat(Files.readAllBytes(expected)).isEqualTo(CONTENT);
        assertThat(store.stagingFiles()).isZero();
    }

    @Test
    void secondWriteOfTheSameContentFindsItStored() throws Exception {
        var store = new BlobStore(root);
        store.write(new ByteArrayInputStream(CONTENT), 1024, null, null);

        var again = store.write(new ByteArrayInputStream(CONTENT), 1024, null, null);

        assertThat(again)
                .isInstanceOfSatisfying(
                        BlobStore.Outcome.Stored.class,
                        stored -> assertThat(stored.alreadyPresent()).isTrue());
    }

    @Test
    void stagingFileLeftByACrashIsRemovedAtStartAndNoBlobAppears() throws Exception {
        new BlobStore(root);
        Path leftOver = root.resolve("staging").resolve("upload-123.part");
        Files.write(leftOver, CONTENT);

        var restarted = new BlobStore(root);

        assertThat(leftOver).doesNotExist();
        assertThat(restarted.stagingFiles()).isZero();
        try (var blobs = Files.walk(root.resolve("blobs"))) {
            assertThat(blobs.filter(Files::isRegularFile)).isEmpty();
        }
    }

    @Test
    void failedReadKeepsNothing() {
        var store = new BlobStore(root);
        InputStream failing = new InputStream() {
            private int delivered;

            @Override
            public int read() throws IOException {
                if (delivered++ > 100) {
                    throw new IOException("connection reset");
                }
                return 'x';
            }
        };

        assertThatThrownBy(() -> store.write(failing, 1024, null, null)).isInstanceOf(IOException.class);

        assertThat(store.stagingFiles()).isZero();
    }

    @Test
    void refusedContentKeepsNothing() throws Exception {
        var store = new BlobStore(root);
        Sha256 other = new Sha256("0".repeat(64));

        var tooLarge = store.write(new ByteArrayInputStream(CONTENT), CONTENT.length - 1, null, null);
        var wrongDigest = store.write(new ByteArrayInputStream(CONTENT), 1024, other, null);
        var wrongLength = store.write(new ByteArrayInputStream(CONTENT), 1024, null, (long) CONTENT.length + 1);

        assertThat(tooLarge).isInstanceOf(BlobStore.Outcome.TooLarge.class);
        assertThat(wrongDigest).isInstanceOf(BlobStore.Outcome.DigestMismatch.class);
        assertThat(wrongLength).isInstanceOf(BlobStore.Outcome.LengthMismatch.class);
        assertThat(store.stagingFiles()).isZero();
        try (var blobs = Files.walk(root.resolve("blobs"))) {
            assertThat(blobs.filter(Files::isRegularFile)).isEmpty();
        }
    }
}
