package dev.palisade.keys;

import dev.palisade.keys.internal.Pkcs11KeyCustody;
import dev.palisade.keys.internal.Pkcs12KeyCustody;
import dev.palisade.keys.internal.RoutingKeyCustody;
import dev.palisade.shared.DataDirectory;
import dev.palisade.shared.SecretFiles;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;

/** Opens the key custody that the settings describe; used by the server and by offline CLI tools alike. */
public final class KeyCustodies {

    private KeyCustodies() {}

    /**
     * With {@link KeysSettings.Backend#PKCS12}, the encrypted keystore. With {@link KeysSettings.Backend#PKCS11}, the
     * token for ECDSA and RSA keys and the keystore for Ed25519 keys, which the JDK's PKCS#11 provider cannot hold
     * (see {@link RoutingKeyCustody}).
     *
     * @throws KeyCustodyException when a store cannot be opened; the message says which and why
     */
    public static KeyCustody open(KeysSettings settings, DataDirectory dataDirectory, Clock clock) {
        KeyCustody keystore = openKeystore(settings, dataDirectory, clock);
        return switch (settings.backend()) {
            case PKCS12 -> keystore;
            case PKCS11 -> new RoutingKeyCustody(openToken(settings.pkcs11(), clock), keystore);
        };
    }

    private static KeyCustody openKeystore(KeysSettings settings, DataDirectory dataDirectory, Clock clock) {
        Path keystore = settings.keystore() != null
                ? settings.keystore()
                : dataDirectory.keys().resolve("palisade-keys.p12");
        return Pkcs12KeyCustody.open(
                keystore, passphrase(settings, dataDirectory).toCharArray(), clock);
    }

    private static KeyCustody openToken(Pkcs11Settings settings, Clock clock) {
        char[] pin = pin(settings).toCharArray();
        try {
            return Pkcs11KeyCustody.open(settings, pin, clock);
        } finally {
            // The token keeps the login; the PIN need not stay in memory.
            Arrays.fill(pin, '\0');
        }
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

    private static String pin(Pkcs11Settings settings) {
        String given = settings.pin();
        if (given != null) {
            return given;
        }
        Path file = settings.pinFile();
        if (file == null) {
            throw new KeyCustodyException(
                    "no PIN for the PKCS#11 token: set palisade.keys.pkcs11.pin-file or " + "PALISADE_KEYS_PKCS11_PIN");
        }
        try {
            String pin = SecretFiles.readString(file);
            if (pin.isEmpty()) {
                throw new KeyCustodyException("the PIN file " + file + " of the PKCS#11 token is empty");
            }
            return pin;
        } catch (UncheckedIOException e) {
            throw new KeyCustodyException(
                    "cannot read the PIN file " + file + " of the PKCS#11 token (" + "palisade.keys.pkcs11.pin-file): "
                            + e.getCause(),
                    e);
        }
    }
}
