package dev.palisade.provisioning.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.palisade.shared.problem.InvalidInputException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class ManifestDocumentTest {

    private static final String HASH = "AB:".repeat(31) + "AB";

    @Test
    void readsEveryFieldAndAcceptsFingerprintsWithColons() {
        List<ManifestDocument.Line> lines = ManifestDocument.parse(bytes("""
                {"devices": [{"deviceId": "meter-1", "serial": "SN 1", "bootstrapCertificateSha256": "HASH",
                  "model": "m1", "hardwareRevision": "rev-b", "firmwareVersion": "1.4.0"}]}""".replace("HASH", HASH)));

        ManifestDocument.Line line = lines.getFirst();
        assertThat(line.device().value()).isEqualTo("meter-1");
        assertThat(line.serial()).isEqualTo("SN 1");
        assertThat(line.bootstrapSha256()).isEqualTo(HexFormat.of().parseHex("ab".repeat(32)));
        assertThat(line.endorsementKeySha256()).isNull();
        assertThat(line.firmwareVersion()).hasToString("1.4.0");
    }

    @Test
    void refusesWhatCouldSilentlyWeakenAnEntry() {
        for (String manifest : List.of(
                "[]",
                "{\"devices\": []}",
                "{\"devices\": [], \"extra\": 1}",
                "{\"devices\": [{\"deviceId\": \"m-1\", \"model\": \"m\", \"hardwareRevision\": \"b\"}]}",
                "{\"devices\": [{\"deviceId\": \"m/1\", \"model\": \"m\", \"hardwareRevision\": \"b\","
                        + " \"endorsementKeySha256\": \"" + HASH + "\"}]}",
                "{\"devices\": [{\"deviceId\": \"m-1\", \"model\": \"m\", \"hardwareRevision\": \"b\","
                        + " \"endorsementKeySha256\": \"abc\"}]}",
                "{\"devices\": [{\"deviceId\": \"m-1\", \"model\": \"m\", \"hardwareRevision\": \"b\","
                        + " \"endorsementKeySha256\": \"" + HASH + "\", \"firmwareVersion\": \"1.4-rc\"}]}",
                "{\"devices\": [{\"deviceId\": \"m-1\", \"model\": 7, \"hardwareRevision\": \"b\","
                        + " \"endorsementKeySha256\": \"" + HASH + "\"}]}",
                "not json")) {
            assertThatThrownBy(() -> ManifestDocument.parse(bytes(manifest)))
                    .as(manifest)
                    .isInstanceOf(InvalidInputException.class)
                    .satisfies(
                            e -> assertThat(((InvalidInputException) e).code()).isEqualTo(ManifestDocument.INVALID));
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
