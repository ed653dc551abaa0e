package dev.palisade.keys;

import java.nio.file.Path;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Key custody settings.
 *
 * @param backend where signing keys live: {@link Backend#PKCS12} (an encrypted keystore file, the default) or {@link
 *     Backend#PKCS11} (a PKCS#11 token such as an HSM, configured under {@code palisade.keys.pkcs11}). With the
 *     token, Ed25519 keys (the audit checkpoint key) still live in the PKCS#12 keystore, because the JDK's PKCS#11
 *     provider cannot create or use Ed25519 keys; see docs/keys-pkcs11.md.
 * @param keystore PKCS#12 keystore file; defaults to {@code keys/palisade-keys.p12} in the data directory
 * @param passphraseFile file holding the keystore passphrase; defaults to {@code secrets/keystore.password} in the
 *     data directory, generated on first start. Point it at a file outside the data directory (or set {@code
 *     PALISADE_KEYS_PASSPHRASE}) so that a copy of the data directory alone does not open the keys.
 * @param passphrase the keystore passphrase itself, for environments that inject secrets as variables
 * @param pkcs11 the PKCS#11 token, used when {@code backend} is {@code pkcs11}
 */
@ConfigurationProperties("palisade.keys")
public record KeysSettings(
        @DefaultValue("pkcs12") Backend backend,
        @Nullable Path keystore,
        @Nullable Path passphraseFile,
        @Nullable String passphrase,
        @DefaultValue Pkcs11Settings pkcs11) {

    /** Where signing keys other than Ed25519 keys live. */
    public enum Backend {
        /** An encrypted PKCS#12 keystore file: the embedded default. */
        PKCS12,
        /** A PKCS#11 token (an HSM, or SoftHSM2) through the JDK's SunPKCS11 provider. */
        PKCS11
    }

    @ConstructorBinding
    public KeysSettings {
        if (backend == Backend.PKCS11) {
            pkcs11.requireComplete();
        }
    }

    /** The PKCS#12 back end with the given keystore settings; what installations without an HSM use. */
    public KeysSettings(@Nullable Path keystore, @Nullable Path passphraseFile, @Nullable String passphrase) {
        this(Backend.PKCS12, keystore, passphraseFile, passphrase, Pkcs11Settings.NONE);
    }

    /** Leaves the passphrase out, so that settings can be logged or shown in a failure report. */
    @Override
    public String toString() {
        return "KeysSettings[backend=" + backend + ", keystore=" + keystore + ", passphraseFile=" + passphraseFile
                + ", passphrase=" + (passphrase == null ? "unset" : "(set)") + ", pkcs11=" + pkcs11 + "]";
    }
}
