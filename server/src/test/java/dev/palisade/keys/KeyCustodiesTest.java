package dev.palisade.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.palisade.keys.internal.Pkcs12KeyCustody;
import dev.palisade.shared.DataDirectory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Choosing the back end; the token itself is exercised by KeyCustodiesPkcs11IT against SoftHSM2. */
class KeyCustodiesTest {

    @TempDir
    Path dir;

    @Test
    void theDefaultBackendIsTheKeystoreInTheDataDirectory() {
        var settings = new KeysSettings(null, null, null);

        KeyCustody custody = KeyCustodies.open(settings, new DataDirectory(dir), Clock.systemUTC());
        custody.getOrCreate(KeyAlias.of("k"), KeyAlgorithm.ECDSA_P256);

        assertThat(custody).isInstanceOf(Pkcs12KeyCustody.class);
        assertThat(dir.resolve("keys/palisade-keys.p12")).isRegularFile();
    }

    @Test
    void aMissingPinFileIsAClearErrorBeforeTheModuleIsLoaded() {
        Path pinFile = dir.resolve("no-such.pin");
        var token = new Pkcs11Settings(Path.of("/opt/hsm/libpkcs11.so"), 1L, null, pinFile, null);
        var settings = new KeysSettings(KeysSettings.Backend.PKCS11, null, null, "passphrase", token);

        assertThatThrownBy(() -> KeyCustodies.open(settings, new DataDirectory(dir), Clock.systemUTC()))
                .isInstanceOf(KeyCustodyException.class)
                .hasMessageContaining("cannot read the PIN file " + pinFile);
    }

    @Test
    void anEmptyPinFileIsAClearError() throws Exception {
        Path pinFile = Files.writeString(dir.resolve("empty.pin"), "\n");
        var token = new Pkcs11Settings(Path.of("/opt/hsm/libpkcs11.so"), 1L, null, pinFile, null);
        var settings = new KeysSettings(KeysSettings.Backend.PKCS11, null, null, "passphrase", token);

        assertThatThrownBy(() -> KeyCustodies.open(settings, new DataDirectory(dir), Clock.systemUTC()))
                .isInstanceOf(KeyCustodyException.class)
                .hasMessageContaining("is empty");
    }
}
