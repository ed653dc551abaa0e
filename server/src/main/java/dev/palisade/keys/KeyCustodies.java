package dev.palisade.keys;

import dev.palisade.keys.internal.Pkcs12KeyCustody;
import dev.palisade.shared.DataDirectory;
import dev.palisade.shared.SecretFiles;
import java.nio.file.Path;
import java.time.Clock;

/** Opens the key custody that the settings describe; used by the server and by offline CLI tools alike. */
public final class KeyCustodies {

    private KeyCustodies() {}

    public static KeyCustody open(KeysSettings settings, DataDirectory dataDirectory, Clock clock) {
        Path keystore = settings.keystore() != null
                ? settings.keystore()
                : dataDirectory.keys().resolve("palisade-keys.p12");
        return Pkcs12KeyCustody.open(
                keystore, passphrase(settings, dataDirectory).toCharArray(), clock);
    }

    private static String passphrase(KeysSettings settings, DataDirectory dataDirectory) {
        String given = settings.passphrase();
        if (given != null && !given.isEmpty()) {
            return given;
        }
        Path file = settings.passphraseFile() != null
                ? settings.passphraseFile()
                : dataDirectory.secrets().resolve("keystore.password");
        return SecretFiles.readOrGenerate(file);
    }
}
