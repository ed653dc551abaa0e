package dev.palisade.cli;

import dev.palisade.keys.KeyCustodies;
import dev.palisade.keys.KeyCustody;
import dev.palisade.keys.KeysSettings;
import dev.palisade.keys.Pkcs11Settings;
import dev.palisade.shared.DataDirectory;
import java.nio.file.Path;
import java.time.Clock;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/**
 * Where the offline root's key is: an encrypted PKCS#12 keystore, or a PKCS#11 token. Used only by the ceremony
 * commands, never by the server.
 */
final class RootKeyOptions {

    @Option(names = "--keystore", paramLabel = "FILE", description = "PKCS#12 keystore holding the root key.")
    @Nullable
    Path keystore;

    @Option(
            names = "--passphrase-file",
            paramLabel = "FILE",
            description = "File with the keystore passphrase (created with a random one if it does not exist).")
    @Nullable
    Path passphraseFile;

    @Option(
            names = "--pkcs11-library",
            paramLabel = "FILE",
            description = "PKCS#11 module, to keep the root in a token.")
    @Nullable
    Path pkcs11Library;

    @Option(names = "--pkcs11-slot", paramLabel = "ID", description = "Slot id of the token.")
    @Nullable
    Long pkcs11Slot;

    @Option(names = "--pin-file", paramLabel = "FILE", description = "File with the token's user PIN.")
    @Nullable
    Path pinFile;

    KeyCustody open() {
        if (keystore == null) {
            throw new IllegalArgumentException("--keystore is required (with a token, it holds nothing but is the"
                    + " place for the keystore part of the custody)");
        }
        Path store = keystore.toAbsolutePath();
        Path passphrase =
                passphraseFile != null ? passphraseFile : store.resolveSibling(store.getFileName() + ".password");
        boolean token = pkcs11Library != null;
        var settings = new KeysSettings(
                token ? KeysSettings.Backend.PKCS11 : KeysSettings.Backend.PKCS12,
                store,
                passphrase,
                null,
                token ? new Pkcs11Settings(pkcs11Library, pkcs11Slot, null, pinFile, null) : Pkcs11Settings.none());
        Path parent = store.getParent();
        return KeyCustodies.open(
                settings, new DataDirectory(parent == null ? Path.of(".") : parent), Clock.systemUTC());
    }
}
