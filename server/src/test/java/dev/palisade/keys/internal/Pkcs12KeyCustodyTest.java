package dev.palisade.keys.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.palisade.keys.KeyAlgorithm;
import dev.palisade.keys.KeyAlias;
import dev.palisade.keys.KeyCustodyException;
import dev.palisade.keys.SigningKey;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.Signature;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class Pkcs12KeyCustodyTest {

    private static final char[] PASSPHRASE = "correct horse battery staple".toCharArray();

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(KeyAlgorithm.class)
    void createsKeysThatSignVerifiably(KeyAlgorithm algorithm) throws Exception {
        var custody = Pkcs12KeyCustody.open(dir.resolve("keys.p12"), PASSPHRASE, Clock.systemUTC());
        byte[] message = "checkpoint".getBytes(StandardCharsets.UTF_8);

        SigningKey key = custody.getOrCreate(
                KeyAlias.of("test/" + algorithm.name().toLowerCase(java.util.Locale.ROOT)), algorithm);
        byte[] signature = key.sign(message);

        Signature verifier = Signature.getInstance(algorithm.signatureAlgorithm());
        verifier.initVerify(key.publicKey());
        verifier.update(message);
        assertThat(verifier.verify(signature)).isTrue();
        assertThat(key.algorithm()).isEqualTo(algorithm);
    }

    @Test
    void keysSurviveReopeningTheStoreWhichOnlyItsOwnerCanRead() throws Exception {
        Path file = dir.resolve("keys.p12");
        var first = Pkcs12KeyCustody.open(file, PASSPHRASE, Clock.systemUTC());
        SigningKey created = first.getOrCreate(KeyAlias.of("audit-checkpoint"), KeyAlgorithm.ED25519);

        var reopened = Pkcs12KeyCustody.open(file, PASSPHRASE, Clock.systemUTC());
        SigningKey found = reopened.find(KeyAlias.of("audit-checkpoint")).orElseThrow();

        assertThat(found.publicKey().getEncoded()).isEqualTo(created.publicKey().getEncoded());
        assertThat(found.algorithm()).isEqualTo(KeyAlgorithm.ED25519);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
    }

    @Test
    void aWrongPassphraseIsAClearErrorThatNamesTheStore() throws Exception {
        Path file = dir.resolve("keys.p12");
        Pkcs12KeyCustody.open(file, PASSPHRASE, Clock.systemUTC()).getOrCreate(KeyAlias.of("k"), KeyAlgorithm.ED25519);

        assertThatThrownBy(() -> Pkcs12KeyCustody.open(file, "wrong".toCharArray(), Clock.systemUTC()))
                .isInstanceOf(KeyCustodyException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("passphrase");
    }

    @Test
    void anExistingKeyIsNeverSilentlyReplacedByAnotherAlgorithm() {
        var custody = Pkcs12KeyCustody.open(dir.resolve("keys.p12"), PASSPHRASE, Clock.systemUTC());
        custody.getOrCreate(KeyAlias.of("k"), KeyAlgorithm.ED25519);

        assertThatThrownBy(() -> custody.getOrCreate(KeyAlias.of("k"), KeyAlgorithm.ECDSA_P256))
                .isInstanceOf(KeyCustodyException.class)
                .hasMessageContaining("exists with algorithm ED25519");
    }

    @Test
    void keysDoNotPrintTheirPrivateHalf() {
        var custody = Pkcs12KeyCustody.open(dir.resolve("keys.p12"), PASSPHRASE, Clock.systemUTC());

        SigningKey key = custody.getOrCreate(KeyAlias.of("k"), KeyAlgorithm.ECDSA_P256);

        assertThat(key.toString()).isEqualTo("SigningKey[k, ECDSA_P256]");
    }
}
