package dev.palisade.agent.attest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** What the agent reads from the device endpoint and the TPM, and what it sends back. */
class TpmAttestationTest {

    @Test
    void quotesWhatTheServerNamesOrElseTheBootPcrs() throws Exception {
        assertThat(TpmAttestation.selection("sha256:0,7").argument()).isEqualTo("sha256:0,7");
        assertThat(TpmAttestation.selection(null).argument()).isEqualTo("sha256:0,1,2,3,4,5,6,7");
        assertThatThrownBy(() -> TpmAttestation.selection("sha256:0 --cphash x"))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("cannot quote");
    }

    @Test
    void splitsThePcrValuesTheTpmReadInIndexOrder() throws Exception {
        byte[] raw = new byte[64];
        raw[31] = 1;
        raw[63] = 7;

        Map<Integer, String> values = Tpm.pcrValues("sha256", List.of(0, 7), raw);

        assertThat(values).containsOnlyKeys(0, 7);
        assertThat(values.get(0)).isEqualTo("00".repeat(31) + "01");
        assertThat(values.get(7)).isEqualTo("00".repeat(31) + "07");
    }

    @Test
    void aBankTheTpmDoesNotKeepIsAClearError() {
        assertThatThrownBy(() -> Tpm.pcrValues("sha384", List.of(0, 1), new byte[0]))
                .isInstanceOf(TpmException.class)
                .hasMessageContaining("is the sha384 bank active");
    }

    @Test
    void sendsThePcrValuesByBankAndIndexAsTheQuoteStepTakesThem() {
        var values = new TreeMap<String, java.util.SortedMap<Integer, String>>();
        values.put("sha256", new TreeMap<>(Map.of(0, "aa".repeat(32), 7, "bb".repeat(32))));
        var quote = new TpmQuote(new byte[] {1}, new byte[] {2}, values);

        assertThat(TpmAttestation.pcrsByName(quote))
                .isEqualTo(Map.of("sha256", Map.of("0", "aa".repeat(32), "7", "bb".repeat(32))));
    }

    @Test
    void readsTheEndorsementKeyFromItsPem() throws Exception {
        String pem = "-----BEGIN PUBLIC KEY-----\nAQID\nBAU=\n-----END PUBLIC KEY-----\n";

        assertThat(HexFormat.of().formatHex(Tpm.subjectPublicKeyInfo(pem))).isEqualTo("0102030405");
        assertThatThrownBy(() -> Tpm.subjectPublicKeyInfo("nothing")).isInstanceOf(TpmException.class);
    }

    @Test
    void readsAVerdictAndARefusal() {
        var verdict = AttestationVerdict.of(DeviceEndpointClient.strings("""
                        {"id": "0198", "verdict": "fail", "reason": "attestation.reference.pcr-mismatch",
                         "assurance": "none", "verifier": "tpm-quote", "release": null,
                         "detail": "1.0.0: sha256:7 differs", "verifiedAt": "2026-01-01T00:00:00Z"}""").orElseThrow());
        var problem = DeviceEndpointClient.strings(
                        "{\"status\": 403, \"code\": \"attestation.endorsement.not-expected\", \"detail\": \"another EK\"}")
                .orElseThrow();

        assertThat(verdict.passed()).isFalse();
        assertThat(verdict.reason()).isEqualTo("attestation.reference.pcr-mismatch");
        assertThat(verdict.release()).isNull();
        assertThat(verdict.detail()).isEqualTo("1.0.0: sha256:7 differs");
        assertThat(problem).containsEntry("code", "attestation.endorsement.not-expected");
        assertThat(DeviceEndpointClient.strings("<html>")).isEmpty();
        assertThatThrownBy(() -> AttestationVerdict.of(Map.of("verdict", "maybe")))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
