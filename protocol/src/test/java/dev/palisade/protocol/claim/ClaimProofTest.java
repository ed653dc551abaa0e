package dev.palisade.protocol.claim;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class ClaimProofTest {

    @Test
    void separatorsAndCaseDoNotCount() {
        assertThat(ClaimProof.normalise("k7qm-2x9d 4hrt-b6wn")).isEqualTo("K7QM2X9D4HRTB6WN");
    }

    @Test
    void refusesCharactersOutsideTheAlphabetIncludingLookAlikes() {
        assertThatThrownBy(() -> ClaimProof.normalise("K7QM_2X9D")).isInstanceOf(IllegalArgumentException.class);
        // a dotless i upper-cases to I in Java: it must not pass for one
        assertThatThrownBy(() -> ClaimProof.normalise("K7QM\u01312X9D")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void signedBytesAreTheLabelTheNonceAndTheCodeDigestOnTheirOwnLines() {
        String nonce = "ab".repeat(32);

        String signed =
                new String(ClaimProof.signedBytes(nonce.toUpperCase(java.util.Locale.ROOT), "k7qm-2x9d"), US_ASCII);

        String digest = HexFormat.of().formatHex(ClaimProof.codeDigest("K7QM2X9D"));
        assertThat(signed).isEqualTo("palisade-claim-proof-v1\n" + nonce + "\n" + digest + "\n");
        assertThat(ClaimProof.codeDigest("K7QM2X9D")).isNotEqualTo(ClaimProof.codeDigest("K7QM2X9E"));
    }
}
