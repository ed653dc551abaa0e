package dev.palisade.agent.attest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TpmCommandsTest {

    @Test
    void quotesTheSelectionOverTheNonceWithTheAttestationKey() {
        TpmCommand quote = TpmCommands.quote(PcrSelection.parse("sha256:0,1,2,3,7"), "0a1b2c");

        assertThat(quote.tool()).isEqualTo("tpm2_quote");
        assertThat(quote.arguments())
                .containsExactly(
                        "-c",
                        "ak.ctx",
                        "-l",
                        "sha256:0,1,2,3,7",
                        "-q",
                        "0a1b2c",
                        "-m",
                        "quote.msg",
                        "-s",
                        "quote.sig",
                        "-g",
                        "sha256");
    }

    @Test
    void refusesANonceThatIsNotHex() {
        var selection = PcrSelection.parse("sha256:0");

        assertThatThrownBy(() -> TpmCommands.quote(selection, "0A1B")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TpmCommands.quote(selection, "-x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TpmCommands.quote(selection, "ab".repeat(65)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void makesTheKeysOfTheChosenAlgorithm() {
        assertThat(TpmCommands.createEndorsementKey(TpmKeyAlgorithm.ECC).arguments())
                .containsExactly("-c", "ek.ctx", "-G", "ecc", "-u", "ek.pub");
        assertThat(TpmCommands.createAttestationKey(TpmKeyAlgorithm.RSA).arguments())
                .containsExactly(
                        "-C", "ek.ctx", "-c", "ak.ctx", "-G", "rsa", "-g", "sha256", "-s", "rsassa", "-u", "ak.pub",
                        "-n", "ak.name", "-r", "ak.priv");
        assertThat(TpmCommands.createAttestationKey(TpmKeyAlgorithm.ECC).arguments())
                .containsSequence("-G", "ecc", "-g", "sha256", "-s", "ecdsa");
    }

    @Test
    void usesTheEndorsementKeyThroughItsPolicySession() {
        assertThat(TpmCommands.policySecretOfEndorsement().arguments()).containsExactly("-S", "session.ctx", "-c", "e");
        assertThat(TpmCommands.loadAttestationKey().arguments())
                .containsExactly(
                        "-C", "ek.ctx", "-P", "session:session.ctx", "-u", "ak.pub", "-r", "ak.priv", "-c", "ak.ctx");
        assertThat(TpmCommands.activateCredential().arguments())
                .containsExactly(
                        "-c",
                        "ak.ctx",
                        "-C",
                        "ek.ctx",
                        "-i",
                        "credential.blob",
                        "-o",
                        "credential.secret",
                        "-P",
                        "session:session.ctx");
    }

    @Test
    void readsOneBankAtATime() {
        TpmCommand read = TpmCommands.readPcrs(PcrSelection.parse("sha1:0+sha256:0,7"), "sha256");

        assertThat(read.tool()).isEqualTo("tpm2_pcrread");
        assertThat(read.arguments()).containsExactly("sha256:0,7", "-o", "pcrs-sha256.bin");
    }

    @Test
    void runsOnlyTheToolsItKnows() {
        assertThatThrownBy(() -> TpmCommand.of("rm", "-rf", "/")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TpmCommand.of("tpm2_clear")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void readsTheKeyAlgorithmInAnyCase() {
        assertThat(TpmKeyAlgorithm.parse("ECC")).isEqualTo(TpmKeyAlgorithm.ECC);
        assertThat(TpmKeyAlgorithm.parse("rsa")).isEqualTo(TpmKeyAlgorithm.RSA);
        assertThatThrownBy(() -> TpmKeyAlgorithm.parse("ed25519")).isInstanceOf(IllegalArgumentException.class);
    }
}
