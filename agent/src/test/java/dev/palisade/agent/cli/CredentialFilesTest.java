package dev.palisade.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.agent.DeviceCredential;
import dev.palisade.agent.TestCredentials;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A software credential replaced in the device's directory: whole, and whole again after a stop at any step. */
class CredentialFilesTest {

    private static final Instant ISSUED = Instant.parse("2026-05-01T00:00:00Z");

    @TempDir
    Path dir;

    private final DeviceCredential enrolled =
            TestCredentials.valid("meter-1", ISSUED, ISSUED.plus(Duration.ofDays(30)));
    private final DeviceCredential renewed =
            TestCredentials.valid("meter-1", ISSUED.plus(Duration.ofDays(20)), ISSUED.plus(Duration.ofDays(50)));

    @Test
    void aRenewedCredentialReplacesTheEnrolledOne() throws Exception {
        var files = new CredentialFiles(dir);
        files.keep(enrolled);

        files.keep(renewed);
        DeviceCredential loaded = new CredentialFiles(dir).load();

        assertThat(loaded.certificate()).isEqualTo(renewed.certificate());
        assertThat(loaded.key().getEncoded()).isEqualTo(renewed.key().getEncoded());
        assertThat(dir.resolve("renewed.pem")).doesNotExist();
        assertThat(dir.resolve("renewed.key")).doesNotExist();
        assertThat(Files.getPosixFilePermissions(dir.resolve("device.key")))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));
    }

    @Test
    void aStopAfterStagingBothFilesIsFinishedAtTheNextLoad() throws Exception {
        new CredentialFiles(dir).keep(enrolled);
        PemFiles.writePrivateKey(dir.resolve("renewed.key"), renewed.key());
        PemFiles.writeCertificates(dir.resolve("renewed.pem"), renewed.chain());

        DeviceCredential loaded = new CredentialFiles(dir).load();

        assertThat(loaded.certificate()).isEqualTo(renewed.certificate());
        assertThat(loaded.key().getEncoded()).isEqualTo(renewed.key().getEncoded());
    }

    @Test
    void aStopBetweenTheTwoMovesIsFinishedAtTheNextLoad() throws Exception {
        new CredentialFiles(dir).keep(enrolled);
        PemFiles.writePrivateKey(dir.resolve("device.key"), renewed.key());
        PemFiles.writeCertificates(dir.resolve("renewed.pem"), renewed.chain());

        DeviceCredential loaded = new CredentialFiles(dir).load();

        assertThat(loaded.certificate()).isEqualTo(renewed.certificate());
        assertThat(loaded.key().getEncoded()).isEqualTo(renewed.key().getEncoded());
    }

    @Test
    void aStopWhileStagingKeepsTheCurrentCredential() throws Exception {
        new CredentialFiles(dir).keep(enrolled);
        PemFiles.writePrivateKey(dir.resolve("renewed.key"), renewed.key());

        DeviceCredential loaded = new CredentialFiles(dir).load();

        assertThat(loaded.certificate()).isEqualTo(enrolled.certificate());
        assertThat(loaded.key().getEncoded()).isEqualTo(enrolled.key().getEncoded());
        assertThat(dir.resolve("renewed.key")).doesNotExist();
    }

    @Test
    void theWipeLeavesNoCredentialBehind() throws Exception {
        var files = new CredentialFiles(dir);
        files.keep(enrolled);
        PemFiles.writePrivateKey(dir.resolve("renewed.key"), renewed.key());

        files.destroy();

        try (var left = Files.list(dir)) {
            assertThat(left).isEmpty();
        }
    }
}
