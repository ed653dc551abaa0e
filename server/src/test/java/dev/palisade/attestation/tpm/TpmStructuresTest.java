package dev.palisade.attestation.tpm;

import static dev.palisade.attestation.tpm.SoftwareActivation.resource;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The parsers on structures a software TPM (swtpm, through tpm2-tools) wrote, and on damaged copies of them. */
class TpmStructuresTest {

    private static final byte[] NONCE = HexFormat.of().parseHex("0011223344556677");

    @Test
    void attestationKeyNameIsItsNameAlgAndTheHashOfItsPublicArea() throws Exception {
        TpmPublic ak = TpmPublic.parse(resource("ak-rsa.pub"));

        assertThat(ak.name()).isEqualTo(resource("ak-rsa.name"));
        assertThat(ak.isAttestationKey()).isTrue();
        assertThat(ak.isStorageKey()).isFalse();
        assertThat(ak.rsaBits()).isEqualTo(2048);
    }

    @Test
    void endorsementKeyIsARestrictedDecryptionKey() throws Exception {
        TpmPublic ek = TpmPublic.parse(resource("ek-rsa.pub"));

        assertThat(ek.isStorageKey()).isTrue();
        assertThat(ek.isAttestationKey()).isFalse();
        assertThat(ek.spkiSha256()).hasSize(32);
        assertThat(TpmPublic.parseTpmt(java.util.Arrays.copyOfRange(resource("ek-rsa.pub"), 2, 316)))
                .extracting(TpmPublic::spkiSha256)
                .isEqualTo(ek.spkiSha256());
    }

    @Test
    void quoteOfZeroPcrsVerifiesWithItsNonceAndValues() throws Exception {
        TpmPublic ak = TpmPublic.parse(resource("ak-rsa.pub"));
        TpmQuote quote = TpmQuote.parse(resource("quote-0011223344556677.attest"));
        TpmSignature signature = TpmSignature.parse(resource("quote-0011223344556677.sig"));
        Map<TpmHash, Map<Integer, byte[]>> zeros =
                Map.of(TpmHash.SHA256, Map.of(0, new byte[32], 1, new byte[32], 2, new byte[32], 7, new byte[32]));

        assertThat(quote.extraData()).isEqualTo(NONCE);
        assertThat(quote.selections())
                .containsExactly(
                        new PcrSelection(TpmHash.SHA256, new java.util.TreeSet<>(java.util.List.of(0, 1, 2, 7))));
        assertThat(QuoteVerifier.check(quote, signature, ak, NONCE, zeros, null))
                .isEmpty();
    }

    @Test
    void changedValueOtherNonceOrTamperedQuoteAreRefused() throws Exception {
        TpmPublic ak = TpmPublic.parse(resource("ak-rsa.pub"));
        byte[] attest = resource("quote-0011223344556677.attest");
        TpmSignature signature = TpmSignature.parse(resource("quote-0011223344556677.sig"));
        byte[] changed = new byte[32];
        changed[0] = 1;
        var values = Map.of(TpmHash.SHA256, Map.of(0, changed, 1, new byte[32], 2, new byte[32], 7, new byte[32]));
        var missing = Map.of(TpmHash.SHA256, Map.of(0, new byte[32]));
        byte[] tampered = attest.clone();
        tampered[tampered.length - 1] ^= 1;

        TpmQuote quote = TpmQuote.parse(attest);
        assertThat(QuoteVerifier.check(quote, signature, ak, NONCE, values, null))
                .isEqualTo(Optional.of(QuoteVerifier.Problem.PCR_DIGEST_MISMATCH));
        assertThat(QuoteVerifier.check(quote, signature, ak, NONCE, missing, null))
                .isEqualTo(Optional.of(QuoteVerifier.Problem.PCR_VALUES_MISSING));
        assertThat(QuoteVerifier.check(quote, signature, ak, new byte[8], values, null))
                .isEqualTo(Optional.of(QuoteVerifier.Problem.NONCE_MISMATCH));
        assertThat(QuoteVerifier.check(TpmQuote.parse(tampered), signature, ak, NONCE, values, null))
                .isEqualTo(Optional.of(QuoteVerifier.Problem.SIGNATURE_INVALID));
    }

    @Test
    void wrongMagicAndWrongTypeAreRefused() {
        byte[] attest = resource("quote-0011223344556677.attest");
        byte[] magic = attest.clone();
        magic[0] = 0;
        byte[] type = attest.clone();
        type[5] = 0x17; // TPM_ST_ATTEST_CERTIFY

        assertThatThrownBy(() -> TpmQuote.parse(magic)).hasMessageContaining("magic");
        assertThatThrownBy(() -> TpmQuote.parse(type)).hasMessageContaining("not a quote");
    }

    @Test
    void everyTruncationAndTrailingByteIsAMalformedStructure() {
        for (String name : new String[] {"quote-0011223344556677.attest", "quote-0011223344556677.sig", "ak-rsa.pub"}) {
            byte[] whole = resource(name);
            for (int length = 0; length < whole.length; length++) {
                byte[] truncated = java.util.Arrays.copyOf(whole, length);
                assertThatThrownBy(() -> parse(name, truncated))
                        .as(name + " cut to " + length)
                        .isInstanceOf(MalformedTpmStructure.class);
            }
            byte[] longer = java.util.Arrays.copyOf(whole, whole.length + 1);
            assertThatThrownBy(() -> parse(name, longer)).isInstanceOf(MalformedTpmStructure.class);
        }
    }

    @Test
    void randomAndMutatedBytesNeverEscapeAsAnythingButMalformedStructure() {
        var random = new SplittableRandom(20261122);
        byte[][] seeds = {
            resource("quote-0011223344556677.attest"),
            resource("quote-0011223344556677.sig"),
            resource("ak-rsa.pub"),
            resource("ek-rsa.pub")
        };
        for (int round = 0; round < 20_000; round++) {
            byte[] input;
            if (round % 2 == 0) {
                input = new byte[random.nextInt(400)];
                random.nextBytes(input);
            } else {
                input = seeds[random.nextInt(seeds.length)].clone();
                for (int flips = 1 + random.nextInt(4); flips > 0 && input.length > 0; flips--) {
                    input[random.nextInt(input.length)] = (byte) random.nextInt(256);
                }
            }
            byte[] bytes = input;
            for (String kind : new String[] {"attest", "sig", "pub"}) {
                try {
                    parse(kind, bytes);
                } catch (MalformedTpmStructure expected) {
                    // a clean refusal
                } catch (RuntimeException e) {
                    throw new AssertionError(
                            kind + " parser threw " + e + " on "
                                    + HexFormat.of().formatHex(bytes),
                            e);
                }
            }
        }
    }

    private static Object parse(String name, byte[] bytes) throws MalformedTpmStructure {
        if (name.endsWith("attest")) {
            return TpmQuote.parse(bytes);
        }
        if (name.endsWith("sig")) {
            return TpmSignature.parse(bytes);
        }
        TpmPublic key = TpmPublic.parse(bytes);
        key.publicKey(); // a parsed key must also be usable
        return key;
    }
}
