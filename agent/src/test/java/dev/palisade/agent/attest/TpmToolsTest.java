package dev.palisade.agent.attest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The subprocess side, with shell scripts standing in for tpm2-tools. */
class TpmToolsTest {

    @TempDir
    Path tools;

    @TempDir
    Path work;

    @Test
    void saysWhichToolIsMissingAndHowToInstallIt() throws Exception {
        installAll("exit 0");
        Files.delete(tools.resolve("tpm2_quote"));

        assertThatThrownBy(() -> TpmTools.locate("swtpm:port=2321", work, tools, Duration.ofSeconds(30)))
                .isInstanceOf(TpmException.class)
                .hasMessageContaining("tpm2-tools are not installed")
                .hasMessageContaining("no tpm2_quote in " + tools)
                .hasMessageContaining("apt-get install tpm2-tools");
    }

    @Test
    void aRefusalOfTheTpmCarriesWhatTheToolSaid() throws Exception {
        installAll("exit 0");
        install(
                "tpm2_quote",
                "echo 'quoted: secret-looking output' ; echo 'WARNING:esys: something' >&2 ;"
                        + " echo 'ERROR: Esys_Quote(0x184) - tpm:parameter(2):value is out of range' >&2 ; exit 1");
        TpmTools tpm = TpmTools.locate("swtpm:port=2321", work, tools, Duration.ofSeconds(30));

        assertThatThrownBy(() -> tpm.run(TpmCommands.quote(PcrSelection.parse("sha256:0"), "00")))
                .isInstanceOf(TpmException.class)
                .hasMessageContaining("tpm2_quote failed (exit 1, TCTI swtpm:port=2321)")
                .hasMessageContaining("tpm:parameter(2):value is out of range")
                .hasMessageNotContaining("secret-looking");
        assertThat(work.resolve("tpm2_quote.err")).doesNotExist();
    }

    @Test
    void runsEachToolWithTheTctiInTheWorkingDirectoryAndFlushesAfterIt() throws Exception {
        installAll("exit 0");
        install("tpm2_pcrread", "echo \"$TPM2TOOLS_TCTI $*\" > seen");
        install("tpm2_flushcontext", "echo \"$*\" >> flushed");
        TpmTools tpm = TpmTools.locate("device:/dev/tpmrm0", work, tools, Duration.ofSeconds(30));

        tpm.run(TpmCommands.readPcrs(PcrSelection.parse("sha256:7"), "sha256"));

        assertThat(Files.readString(work.resolve("seen"), StandardCharsets.UTF_8)
                        .strip())
                .isEqualTo("device:/dev/tpmrm0 sha256:7 -o pcrs-sha256.bin");
        assertThat(Files.readString(work.resolve("flushed"), StandardCharsets.UTF_8)
                        .strip())
                .isEqualTo("-t");
    }

    @Test
    void theTctiIsTheOptionThenTheEnvironmentThenTheKernelsResourceManager() {
        assertThat(TpmTools.tcti("swtpm:port=1", Map.of("TPM2TOOLS_TCTI", "tabrmd")))
                .isEqualTo("swtpm:port=1");
        assertThat(TpmTools.tcti(null, Map.of("TPM2TOOLS_TCTI", "tabrmd"))).isEqualTo("tabrmd");
        assertThat(TpmTools.tcti(" ", Map.of())).isEqualTo("device:/dev/tpmrm0");
    }

    @Test
    void refusesATctiThatIsNone() throws Exception {
        installAll("exit 0");

        assertThatThrownBy(() -> TpmTools.locate("swtpm port=1", work, tools, Duration.ofSeconds(30)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a TCTI");
        assertThatThrownBy(() -> TpmTools.locate("device:/dev/tpm0\n", work, tools, Duration.ofSeconds(30)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void keepsTheEndOfALongErrorOutput() {
        String many = "line one\n\n" + "x".repeat(2000) + "\nERROR: the last word\n";

        String kept = TpmTools.lastLines(many);

        assertThat(kept).endsWith("ERROR: the last word").startsWith("...").hasSizeLessThan(900);
        assertThat(TpmTools.lastLines("")).isEqualTo("no message");
    }

    private void installAll(String body) throws IOException {
        for (String tool : TpmTools.TOOLS) {
            install(tool, body);
        }
    }

    private void install(String tool, String body) throws IOException {
        Path script = tools.resolve(tool);
        Files.writeString(script, "#!/bin/sh\n" + body + "\n", StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
    }
}
