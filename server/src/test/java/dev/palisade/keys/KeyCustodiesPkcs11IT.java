package dev.palisade.keys;

import static org.assertj.core.api.Assertions.assertThat;

import dev.palisade.keys.internal.Pkcs11KeyCustody;
import dev.palisade.keys.internal.Pkcs12KeyCustody;
import dev.palisade.keys.internal.RoutingKeyCustody;
import dev.palisade.shared.DataDirectory;
import dev.palisade.shared.SecretFiles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.Signature;
import java.time.Clock;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link KeyCustodies#open} with {@code palisade.keys.backend=pkcs11}, against a real SoftHSM2 token. */
class KeyCustodiesPkcs11IT {

    private static final Clock CLOCK = Clock.systemUTC();
    private static final KeyAlias AUDIT = KeyAlias.of("audit-checkpoint");
    private static final KeyAlias ISSUING_CA = KeyAlias.of("tenant/acme/issuing-ca");

    private static SoftHsmToken token;

    @TempDir
    Path dir;

    @BeforeAll
    static void initialiseToken() {
        token = SoftHsmToken.initialise(KeyCustodiesPkcs11IT.class);
    }

    @Test
    void withTheTokenBackendEd25519KeysGoToTheKeystoreAndAllOthersToTheToken() throws Exception {
        var settings = new KeysSettings(KeysSettings.Backend.PKCS11, null, null, null, token.settings());
        var dataDirectory = new DataDirectory(dir);

        KeyCustody custody = KeyCustodies.open(settings, dataDirectory, CLOCK);
        SigningKey audit = custody.getOrCreate(AUDIT, KeyAlgorithm.ED25519);
        SigningKey ca = custody.getOrCreate(ISSUING_CA, KeyAlgorithm.ECDSA_P256);

        assertThat(custody).isInstanceOf(RoutingKeyCustody.class);
        var keystore = Pkcs12KeyCustody.open(
                dataDirectory.keys().resolve("palisade-keys.p12"),
                SecretFiles.readString(dataDirectory.secrets().resolve("keystore.password"))
                        .toCharArray(),
                CLOCK);
        assertThat(keystore.find(AUDIT)).isPresent();
        assertThat(keystore.find(ISSUING_CA)).isEmpty();
        var tokenOnly = Pkcs11KeyCustody.open(token.settings(), token.pin().toCharArray(), CLOCK);
        assertThat(tokenOnly.find(ISSUING_CA).orElseThrow().publicKey()).isEqualTo(ca.publicKey());
        assertThat(tokenOnly.find(AUDIT)).isEmpty();
        assertThat(verifies(audit)).isTrue();
        assertThat(verifies(ca)).isTrue();
    }

    @Test
    void thePinCanComeFromAFile() {
        Path pinFile = dir.resolve("hsm.pin");
        SecretFiles.writeString(pinFile, token.pin() + "\n");
        // A newly loaded module is not logged in, so the PIN from the file is really checked.
        var settings = new KeysSettings(
                KeysSettings.Backend.PKCS11,
                null,
                null,
                "keystore passphrase",
                token.reloaded().settingsWithPinFile(pinFile));

        KeyCustody custody = KeyCustodies.open(settings, new DataDirectory(dir), CLOCK);

        assertThat(custody.getOrCreate(KeyAlias.of("from-pin-file"), KeyAlgorithm.RSA_3072)
                        .algorithm())
                .isEqualTo(KeyAlgorithm.RSA_3072);
    }

    private static boolean verifies(SigningKey key) throws Exception {
        byte[] message = "checkpoint".getBytes(StandardCharsets.UTF_8);
        Signature verifier = Signature.getInstance(key.algorithm().signatureAlgorithm());
        verifier.initVerify(key.publicKey());
        verifier.update(message);
        return verifier.verify(key.sign(message));
    }
}
