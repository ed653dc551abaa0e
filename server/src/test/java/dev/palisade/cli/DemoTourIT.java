package dev.palisade.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.support.WithServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo's tour with a small fleet against the real server: every step must have happened as it says, and every
 * figure of its summary must be the one measured.
 */
class DemoTourIT extends WithServer {

    private static final int FLEET = 12;

    @TempDir
    Path temp;

    @Test
    void aSmallFleetEnrolsSendsTelemetryAndItsMisbehavingDeviceIsRefusedRevokedAndCut() throws Exception {
        var printed = new StringWriter();
        ApiClient platform = ApiClient.create(DATA_DIR, "https://localhost:" + port, null, null);
        Path token = temp.resolve("demo-token");

        DemoReport report = new DemoTour(platform, "localhost", devicePort(), mqttPort(), new PrintWriter(printed))
                .run(FLEET, token);

        String output = printed.toString();
        assertThat(report.devices()).isEqualTo(FLEET);
        assertThat(report.enrolled()).as(output).isEqualTo(FLEET);
        assertThat(report.connected()).as(output).isEqualTo(FLEET);
        assertThat(report.uniqueKeys()).as("every device its own key").isEqualTo(FLEET);
        assertThat(report.uniqueSerials()).isEqualTo(FLEET);
        assertThat(report.attested()).as(output).isEqualTo(FLEET);
        assertThat(report.attestationPassed())
                .as("every device but the one with a modified kernel passes: " + output)
                .isEqualTo(FLEET - 1);
        assertThat(output)
                .contains(String.format(
                        java.util.Locale.ROOT, "meter-%04d (attestation.reference.measurement-mismatch)", FLEET));
        assertThat(report.telemetryAcknowledged()).as(output).isPositive();
        assertThat(report.attempts()).isEqualTo(5);
        assertThat(report.refusedAttempts())
                .as("everything but its own topic is refused: " + output)
                .isEqualTo(4);
        assertThat(report.serverAuthorizationFailures())
                .as("the broker's metrics count the refusals it made")
                .isGreaterThanOrEqualTo(4);
        assertThat(report.revocationToClosed()).as(output).isNotNull().isLessThan(Duration.ofSeconds(10));
        assertThat(report.reconnectRefusal())
                .as("the revoked certificate cannot come back: " + output)
                .isNotNull();
        assertThat(report.stillConnected()).as("the rest of the fleet stays up").isEqualTo(FLEET - 1);
        assertThat(output)
                .contains("Security receipt")
                .contains(String.format(java.util.Locale.ROOT, "%,d / %,d", FLEET, FLEET));
        String secret = Files.readString(token);
        assertThat(secret).startsWith("pal_");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(token)))
                .isEqualTo("rw-------");
        assertThat(output).doesNotContain(secret);
    }
}
