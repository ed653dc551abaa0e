package dev.palisade.keys;

import java.nio.file.Path;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Key custody settings.
 *
 * @param keystore PKCS#12 keystore file; defaults to {@code keys/palisade-keys.p12} in the data directory
 * @param passphraseFile file holding the keystore passphrase; defaults to {@code secrets/keystore.password} in the
 *     data directory, generated on first start. Point it at a file outside the data directory (or set {@code
 *     PALISADE_KEYS_PASSPHRASE}) so that a copy of the data directory alone does not open the keys.
 * @param passphrase the keystore passphrase itself, for environments that inject secrets as variables
 */
@ConfigurationProperties("palisade.keys")
public record KeysSettings(
        @Nullable Path keystore,
        @Nullable Path passphraseFile,
        @Nullable String passphrase) {}
