package dev.palisade.attestation.tpm;

import static dev.palisade.attestation.tpm.SoftwareActivation.resource;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.PrivateKey;
import java.security.SecureRandom;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * MakeCredential and KDFa against tpm2-tools: the fixture {@code software-ek-credential.blob} was made by
 * {@code tpm2_makecredential -T none} for an endorsement key whose private key is the fixture's software key, so
 * recovering its credential with our KDFa, HMAC and AES-CFB checks them against an independent implementation.
 */
class CredentialMakerTest {

    private static final byte[] SECRET = resource("credential.secret");
    private static final byte[] AK_NAME = resource("ak-rsa.name");

    @Test
    void kdfaAndCfbRecoverTheCredentialThatTpm2ToolsMade() throws Exception {
        PrivateKey ek = SoftwareActivation.privateKey("software-ek.key");

        byte[] recovered = SoftwareActivation.activate(ek, resource("software-ek-credential.blob"), AK_NAME);

        assertThat(recovered).isEqualTo(SECRET);
    }

    @Test
    void ourCredentialIsRecoveredWithTheEndorsementKeyForTheNamedObjectOnly() throws Exception {
        TpmPublic ek = TpmPublic.parse(resource("software-ek.pub"));
        PrivateKey ekPrivate = SoftwareActivation.privateKey("software-ek.key");

        MadeCredential made = CredentialMaker.make(ek, AK_NAME, SECRET, new SecureRandom());

        assertThat(SoftwareActivation.activate(ekPrivate, made.tpm2ToolsBlob(), AK_NAME))
                .isEqualTo(SECRET);
        byte[] otherName = AK_NAME.clone();
        otherName[5] ^= 1;
        assertThatThrownBy(() -> SoftwareActivation.activate(ekPrivate, made.tpm2ToolsBlob(), otherName))
                .hasMessageContaining("integrity");
    }

    @Test
    void kdfaMatchesTheSpecificationsConstruction() {
        // SP 800-108 counter mode by hand: HMAC(key, [1] || "STORAGE\0" || ctxU || ctxV || [128]), first 16 bytes
        byte[] key = HexFormat.of().parseHex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
        byte[] context = HexFormat.of().parseHex("000b" + "aa".repeat(32));

        byte[] derived = Kdf.kdfa(TpmHash.SHA256, key, "STORAGE", context, new byte[0], 128);

        byte[] expected = java.util.Arrays.copyOf(
                hmac(
                        key,
                        HexFormat.of().parseHex("00000001"),
                        "STORAGE\0".getBytes(java.nio.charset.StandardCharsets.US_ASCII),
                        context,
                        HexFormat.of().parseHex("00000080")),
                16);
        assertThat(derived).isEqualTo(expected);
        assertThat(Kdf.kdfa(TpmHash.SHA256, key, "INTEGRITY", new byte[0], new byte[0], 512))
                .hasSize(64);
    }

    @Test
    void refusesAKeyThatCannotReceiveCredentials() throws Exception {
        TpmPublic ak = TpmPublic.parse(resource("ak-rsa.pub"));

        assertThatThrownBy(() -> CredentialMaker.make(ak, AK_NAME, SECRET, new SecureRandom()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static byte[] hmac(byte[] key, byte[]... parts) {
        try {
            var mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new javax.crypto.spec.SecretKeySpec(key, "HmacSHA256"));
            for (byte[] part : parts) {
                mac.update(part);
            }
            return mac.doFinal();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
