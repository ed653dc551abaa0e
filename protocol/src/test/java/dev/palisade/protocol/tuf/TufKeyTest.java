package dev.palisade.protocol.tuf;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TufKeyTest {

    /** The root.json example of the TUF specification 1.0.x, section 4.3: a key and the id the spec lists for it. */
    @Test
    void computesTheKeyIdsOfTheSpecificationsExample() {
        TufKey timestampKey = TufKey.fromJson(Map.of(
                "keytype", "ed25519",
                "scheme", "ed25519",
                "keyval", Map.of("public", "72378e5bc588793e58f81c8533da64a2e8f1565c1fcc7f253496394ffc52542c")));
        TufKey rootKey = TufKey.fromJson(Map.of(
                "keytype", "ed25519",
                "scheme", "ed25519",
                "keyval", Map.of("public", "66dd78c5c2a78abc6fc6b267ff1a8017ba0e8bfc853dd97af351949bba021275")));

        assertThat(timestampKey.keyId().hex())
                .isEqualTo("1bf1c6e3cdd3d3a8420b19199e27511999850f4b376c4547b2f32fba7e80fca3");
        assertThat(rootKey.keyId().hex()).isEqualTo("cb3fbd83df4ba2471a736b065650878280964a98843ec13b457a99b2a21cc3b4");
    }

    /**
     * python-tuf's test data (tests/test_sig.py, repository_data): a key with the legacy {@code
     * keyid_hash_algorithms} member, which is part of the id, and a timestamp signed by it.
     */
    @Test
    void verifiesAPythonTufSignatureAndKeyIdIncludingUnknownKeyMembers() {
        TufKey key = TufKey.fromJson(Map.of(
                "keyid_hash_algorithms",
                List.of("sha256", "sha512"),
                "keytype",
                "ed25519",
                "scheme",
                "ed25519",
                "keyval",
                Map.of("public", "82ccf6ac47298ff43bfa0cd639868894e305a99c723ff0515ae2e9856eb5bbf4")));
        Map<String, Object> signed = Map.of(
                "_type", "timestamp",
                "expires", "2030-01-01T00:00:00Z",
                "meta",
                        Map.of(
                                "snapshot.json",
                                Map.of(
                                        "hashes",
                                                Map.of(
                                                        "sha256",
                                                        "6990b6586ed545387c6a51db62173b903a5dff46b17b1bc3fe1e6ca0d0844f2f"),
                                        "length", 554L,
                                        "version", 1L)),
                "spec_version", "1.0",
                "version", 1L);
        byte[] signature = HexFormat.of()
                .parseHex("7dddbfe94d6d80253433551700ea6dfe4171a33f1227a07830e951900b8325d6"
                        + "7c3dce6410b9cf55abefa3dfca0b57814a4965c2d6ee60bb0336755cd0557e03");

        assertThat(key.keyId().hex()).isEqualTo("8a1c4a3ac2d515dec982ba9910c5fd79b91ae57f625b9cff25d06bf0a61c1758");
        assertThat(key.verify(TufCanonicalJson.toBytes(signed), signature)).isTrue();
        signature[0] ^= 1;
        assertThat(key.verify(TufCanonicalJson.toBytes(signed), signature)).isFalse();
    }

    @Test
    void signsAndVerifiesWithEveryKeyType() {
        byte[] message = "{\"_type\":\"targets\"}".getBytes(UTF_8);
        for (String algorithm : List.of("Ed25519", "EC", "RSA")) {
            SoftwareMetadataSigner signer = SoftwareMetadataSigner.of(TestRepository.keyPair(algorithm));
            TufKey reparsed = TufKey.fromJson(signer.publicKey().toJson());

            byte[] signature = signer.sign(message);

            assertThat(reparsed.keyId()).isEqualTo(signer.keyId());
            assertThat(reparsed.verify(message, signature)).as(algorithm).isTrue();
            assertThat(reparsed.verify("other".getBytes(UTF_8), signature))
                    .as(algorithm)
                    .isFalse();
        }
        assertThat(SoftwareMetadataSigner.of(TestRepository.keyPair("EC"))
                        .publicKey()
                        .toJson())
                .containsEntry("keytype", "ecdsa")
                .containsEntry("scheme", "ecdsa-sha2-nistp256");
        assertThat(SoftwareMetadataSigner.of(TestRepository.keyPair("RSA"))
                        .publicKey()
                        .toJson())
                .containsEntry("scheme", "rsassa-pss-sha256");
    }

    @Test
    void listsButNeverTrustsKeysOfUnknownSchemes() {
        TufKey key = TufKey.fromJson(
                Map.of("keytype", "sphincs", "scheme", "sphincs-shake-128s", "keyval", Map.of("public", "00")));

        assertThat(key.type()).isEmpty();
        assertThat(key.verify(new byte[1], new byte[64])).isFalse();
    }

    @Test
    void refusesRsaKeysBelow2048Bits() throws Exception {
        var generator = java.security.KeyPairGenerator.getInstance("RSA");
        generator.initialize(1024);

        assertThatThrownBy(() -> TufKey.of(generator.generateKeyPair().getPublic()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
