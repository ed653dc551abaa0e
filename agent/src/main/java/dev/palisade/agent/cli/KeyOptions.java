package dev.palisade.agent.cli;

import dev.palisade.agent.TokenKeys;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/** Where the device keeps its operational keys: a PKCS#11 token, or software keys it declares as such. */
final class KeyOptions {

    @Option(names = "--pkcs11-library", paramLabel = "FILE", description = "PKCS#11 module of the device's token.")
    @Nullable
    Path library;

    @Option(names = "--slot", paramLabel = "ID", description = "Slot of the token (with --pkcs11-library).")
    @Nullable
    Long slot;

    @Option(names = "--pin-file", paramLabel = "FILE", description = "File holding the token's user PIN.")
    @Nullable
    Path pinFile;

    @Option(
            names = "--software-key",
            description = "Keep the key in a file instead of a token; the device reports it as a software key.")
    boolean softwareKey;

    /**
     * Where the credential of {@code deviceId} is kept, as chosen (exactly one must be): files in {@code directory}, or
     * the token (with a copy of the chain in {@code directory}).
     */
    CredentialStore store(String deviceId, Path directory) throws IOException {
        if (softwareKey == (library != null)) {
            throw new IllegalArgumentException(
                    "choose where keys live: --pkcs11-library (with --slot and --pin-file)" + " or --software-key");
        }
        if (softwareKey) {
            return new CredentialFiles(directory);
        }
        return new TokenCredentials(token(), deviceId, directory);
    }

    private TokenKeys token() throws IOException {
        if (library == null || slot == null || pinFile == null) {
            throw new IllegalArgumentException("a token needs --pkcs11-library, --slot and --pin-file");
        }
        char[] pin = Files.readString(pinFile, StandardCharsets.UTF_8).strip().toCharArray();
        return TokenKeys.open(library, slot, pin);
    }
}
